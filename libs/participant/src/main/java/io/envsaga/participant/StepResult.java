package io.envsaga.participant;

import java.util.Map;

/**
 * What an applied step reports.
 *
 * @param skipped the spec has nothing for this step (e.g. no storage in production)
 * @param outputs names of what it made (Services, Secrets, IPs), never secret values
 */
public record StepResult(boolean skipped, Map<String, String> outputs) {

    public StepResult {
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
    }

    public static StepResult done(Map<String, String> outputs) {
        return new StepResult(false, outputs);
    }

    public static StepResult done() {
        return done(Map.of());
    }

    public static StepResult skip() {
        return new StepResult(true, Map.of());
    }
}

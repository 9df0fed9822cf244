package io.envsaga.participant;

import io.envsaga.contracts.spec.Environment;
import java.util.function.Consumer;

/** Step contexts for calling a step handler directly in tests (the constructor is the library's). */
public final class StepContexts {

    private StepContexts() {
    }

    public static StepContext of(StepContext.Command command, Environment environment, long generation, Consumer<String> progress) {
        return new StepContext(command, environment, "saga-test", generation, 1, progress, () -> false);
    }
}

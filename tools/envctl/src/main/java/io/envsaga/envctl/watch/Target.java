package io.envsaga.envctl.watch;

import io.envsaga.envctl.cli.ExitCode;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What a wait waits for: the outcome of one generation's apply, or of a deletion. Decides from each
 * state the server shows whether the wait is over and how it ended.
 */
public record Target(String name, long generation, String sagaId, boolean deletion) {

    public static Target apply(JsonNode accepted) {
        return new Target(accepted.path("name").asString(), Views.generation(accepted), Views.sagaId(accepted), false);
    }

    public static Target deletion(JsonNode accepted) {
        return new Target(accepted.path("name").asString(), Views.generation(accepted), Views.sagaId(accepted), true);
    }

    /** The outcome when this state ends the wait, else null. */
    public Outcome decide(JsonNode view) {
        long seen = Views.generation(view);
        String phase = Views.phase(view);
        if (seen < generation) {
            return null;
        }
        if (seen > generation) {
            if (!deletion && Views.sagaId(view).equals(sagaId + "-restore")) {
                return new Outcome(ExitCode.FAILED, "failed: " + name + " generation " + generation
                        + " (the environment goes back to its last good spec, generation " + view.path("lastGoodGeneration").asLong() + ")",
                        Views.reasons(view), view);
            }
            return new Outcome(ExitCode.FAILED, "superseded: " + name + " generation " + generation + " was replaced by generation " + seen,
                    List.of(), view);
        }
        if (deletion) {
            return switch (phase) {
                case "deleted" -> new Outcome(ExitCode.OK, "deleted: " + name, List.of(), view);
                case "failed", "ready" -> new Outcome(ExitCode.FAILED, "not deleted: " + name + " is " + phase, Views.reasons(view), view);
                default -> null;
            };
        }
        return switch (phase) {
            case "ready" -> new Outcome(ExitCode.OK, "ready: " + name + " generation " + generation, List.of(), view);
            case "failed" -> new Outcome(ExitCode.FAILED, "failed: " + name + " generation " + generation
                    + (view.path("lastGoodGeneration").asLong() == 0 ? " (rolled back)" : ""), Views.reasons(view), view);
            case "deleted" -> new Outcome(ExitCode.FAILED, "deleted: " + name + " was deleted before generation " + generation + " was ready",
                    List.of(), view);
            default -> null;
        };
    }
}

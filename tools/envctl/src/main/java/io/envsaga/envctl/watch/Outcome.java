package io.envsaga.envctl.watch;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * How a wait ended.
 *
 * @param exitCode what envctl exits with
 * @param summary  one line, e.g. "ready: codedang-pr-7 generation 2"
 * @param reasons  why it failed, one per line ("step: reason")
 * @param view     the last state seen (null if none)
 */
public record Outcome(int exitCode, String summary, List<String> reasons, JsonNode view) {

    public Outcome {
        reasons = List.copyOf(reasons);
    }
}

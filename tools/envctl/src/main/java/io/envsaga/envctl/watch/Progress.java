package io.envsaga.envctl.watch;

import tools.jackson.databind.JsonNode;

/** Shows a wait's progress: every state the server sends, then the outcome. */
public interface Progress {

    void show(JsonNode view);

    void finish(Outcome outcome);
}

package io.envsaga.envctl.commands;

import io.envsaga.envctl.watch.Outcome;
import io.envsaga.envctl.watch.Progress;
import tools.jackson.databind.JsonNode;

/** No progress at all: with -o json or yaml, stdout is for the document. */
enum Quiet implements Progress {
    INSTANCE;

    @Override
    public void show(JsonNode view) {
    }

    @Override
    public void finish(Outcome outcome) {
    }
}

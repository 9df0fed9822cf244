package io.envsaga.orchestrator.saga;

import java.util.List;

/** What the saga decided for one input: the new state (null: unchanged) and what to publish. */
public record Decision(SagaState state, List<Outgoing> outgoing, String note) {

    public Decision {
        outgoing = List.copyOf(outgoing);
    }

    static Decision ignore(String why) {
        return new Decision(null, List.of(), why);
    }

    public boolean changed() {
        return state != null;
    }
}

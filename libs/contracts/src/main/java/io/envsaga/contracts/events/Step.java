package io.envsaga.contracts.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The five parts of an environment, each owned by one service. */
public enum Step {
    DNS("dns"),
    WORKLOADS("workloads"),
    MESSAGING("messaging"),
    CACHE("cache"),
    STORAGE("storage");

    private final String id;

    Step(String id) {
        this.id = id;
    }

    /** The lower-case name used in routing keys, queue names and JSON. */
    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static Step of(String id) {
        for (Step step : values()) {
            if (step.id.equals(id)) {
                return step;
            }
        }
        throw new IllegalArgumentException("unknown step '" + id + "'");
    }
}

package io.envsaga.contracts.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum Tier {
    @JsonProperty("production") PRODUCTION,
    @JsonProperty("stage") STAGE,
    @JsonProperty("preview") PREVIEW
}

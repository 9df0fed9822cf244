package io.envsaga.contracts.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.Pattern;

/** A standalone Redis used as a cache (Opstree Redis Operator). */
public record CacheSpec(
        @Pattern(regexp = Patterns.QUANTITY, message = "not a valid quantity such as 256Mi")
        @JsonPropertyDescription("Memory limit of the Redis pod, default 256Mi")
        String memory) {

    public CacheSpec {
        memory = memory == null ? "256Mi" : memory;
    }
}

package io.envsaga.contracts.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * An environment spec, {@code apiVersion: envsaga.io/v1}, {@code kind: Environment}. The field
 * names are the contract of DESIGN.md: tools outside the project write specs in this shape.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Environment(
        @NotNull(message = "is required") @JsonPropertyDescription("Always envsaga.io/v1") String apiVersion,
        @NotNull(message = "is required") @JsonPropertyDescription("Always Environment") String kind,
        @NotNull(message = "is required") @Valid Metadata metadata,
        @NotNull(message = "is required") @Valid EnvironmentSpec spec) {

    public static final String API_VERSION = "envsaga.io/v1";
    public static final String KIND = "Environment";

    /** The environment's name, {@code metadata.name}. */
    @JsonIgnore
    public String name() {
        return metadata.name();
    }

    /** The Kubernetes namespace: {@code spec.namespace}, or the environment's name. */
    @JsonIgnore
    public String namespace() {
        return spec.namespace() != null ? spec.namespace() : metadata.name();
    }
}

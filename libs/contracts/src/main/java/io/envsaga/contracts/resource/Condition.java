package io.envsaga.contracts.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A condition of an Environment object, in the shape of Kubernetes' {@code metav1.Condition}
 * (the same fields, limits and patterns), so that kubectl, kstatus and Argo CD read it as any other.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Condition(
        @NotNull
        @Size(max = 316)
        @Pattern(regexp = "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$")
        @JsonPropertyDescription("Ready, Progressing or Degraded")
        String type,
        @NotNull
        Status status,
        @Min(0)
        @JsonPropertyDescription("The metadata.generation the condition was set for")
        Long observedGeneration,
        @NotNull
        @JsonPropertyDescription("When the condition last changed its status (RFC 3339)")
        String lastTransitionTime,
        @NotNull
        @Size(min = 1, max = 1024)
        @Pattern(regexp = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$")
        @JsonPropertyDescription("Why, in CamelCase, e.g. StepFailed")
        String reason,
        @NotNull
        @Size(max = 32768)
        @JsonPropertyDescription("Why, for a person; may be empty")
        String message) {

    public static final String READY = "Ready";
    public static final String PROGRESSING = "Progressing";
    public static final String DEGRADED = "Degraded";

    public enum Status {
        @JsonProperty("True") TRUE,
        @JsonProperty("False") FALSE,
        @JsonProperty("Unknown") UNKNOWN
    }
}

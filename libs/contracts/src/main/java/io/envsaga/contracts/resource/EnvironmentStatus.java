package io.envsaga.contracts.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.Min;
import java.util.List;

/**
 * The {@code status} of an Environment object (the custom resource {@code environments.envsaga.io},
 * deploy/crds/): what envsaga writes back about the object's spec. The CRD's status schema is
 * generated from this record (docs/gitops.md).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnvironmentStatus(
        @JsonPropertyDescription("Where the environment stands (the orchestrator's phase); Pending until the spec is submitted, Refused when it was not accepted")
        Phase phase,
        @Min(0)
        @JsonPropertyDescription("The metadata.generation the rest of this status describes")
        Long observedGeneration,
        @JsonPropertyDescription("Ready, Progressing and Degraded, as Kubernetes conditions")
        List<Condition> conditions,
        @JsonPropertyDescription("Each step of the environment (dns, workloads, messaging, cache, storage) for the observed generation")
        List<StepState> steps,
        @JsonPropertyDescription("The saga that applies or deletes the observed generation")
        String sagaId) {

    /** The orchestrator's phases, in Kubernetes' spelling, and the two an object has before a saga. */
    public enum Phase {
        /** Seen, not yet submitted. */
        @JsonProperty("Pending") PENDING,
        /** Not submitted: the validator or the namespace's grant refused it (the Degraded condition says why). */
        @JsonProperty("Refused") REFUSED,
        @JsonProperty("Applying") APPLYING,
        @JsonProperty("Ready") READY,
        @JsonProperty("RollingBack") ROLLING_BACK,
        @JsonProperty("Failed") FAILED,
        @JsonProperty("Deleting") DELETING
    }
}

package io.envsaga.contracts.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.envsaga.contracts.events.Step;
import jakarta.validation.constraints.NotNull;
import java.util.Map;

/** Where one step of an Environment object's observed generation stands, and what it made. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StepState(
        @NotNull Step step,
        @NotNull State state,
        @JsonPropertyDescription("Why the step failed or was skipped")
        String reason,
        @JsonPropertyDescription("What the step made, by name (Services, Secrets, addresses): never a secret's contents")
        Map<String, String> outputs) {

    /** The orchestrator's step statuses, in Kubernetes' spelling. */
    public enum State {
        @JsonProperty("Pending") PENDING,
        @JsonProperty("Succeeded") SUCCEEDED,
        @JsonProperty("Skipped") SKIPPED,
        @JsonProperty("Failed") FAILED,
        @JsonProperty("Releasing") RELEASING,
        @JsonProperty("Released") RELEASED,
        @JsonProperty("ReleaseFailed") RELEASE_FAILED
    }
}

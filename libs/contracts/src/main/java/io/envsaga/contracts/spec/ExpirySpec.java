package io.envsaga.contracts.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;

/**
 * When the orchestrator deletes the environment by itself (docs/orchestrator.md, "Expiry"): a
 * field left out takes the tier's default of the orchestrator's configuration
 * ({@code envsaga.orchestrator.expiry.<tier>.*}; previews: {@code idle-after} 28 days). Not in
 * production specs: production never expires.
 *
 * @param ttl       how long the environment lives after its last apply (the last submitted generation that became Ready;
 *                  a failed update does not extend it)
 * @param idleAfter how long it lives with no apply at all (no submission, whatever its outcome)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExpirySpec(
        @Pattern(regexp = Patterns.DURATION, message = Durations.MESSAGE)
        @JsonPropertyDescription("Deleted this long after its last apply that became Ready, e.g. 7d; default the tier's (orchestrator configuration)")
        String ttl,
        @Pattern(regexp = Patterns.DURATION, message = Durations.MESSAGE)
        @JsonPropertyDescription("Deleted after this long with no apply (no submission at all), e.g. 28d; default the tier's (orchestrator configuration)")
        String idleAfter) {

    /** The ttl as a duration; null when not set (or not a duration: the validator refuses those). */
    public Duration ttlDuration() {
        return Durations.parse(ttl);
    }

    /** The idleAfter as a duration; null when not set. */
    public Duration idleAfterDuration() {
        return Durations.parse(idleAfter);
    }
}

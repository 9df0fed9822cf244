package io.envsaga.orchestrator.expiry;

import java.time.Instant;

/**
 * An environment's expiry as stored ({@code environment_expiry}).
 *
 * @param generation       the last generation a submitter asked for
 * @param appliedAt        when it became ready; null until then
 * @param due              when it expires; null: never
 * @param warnedGeneration the generation last warned ({@code environment.expiring} once per generation)
 */
public record ExpiryRow(String environment, long generation, Instant submittedAt, Instant appliedAt, Due due, long warnedGeneration) {
}

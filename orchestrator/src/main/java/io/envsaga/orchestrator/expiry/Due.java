package io.envsaga.orchestrator.expiry;

import java.time.Instant;

/**
 * When an environment expires, and why then.
 *
 * @param limit  {@code ttl} or {@code idleAfter}
 * @param after  the limit as the spec writes it, e.g. {@code 28d}
 * @param since  where its clock starts
 * @param origin where the limit comes from: {@code spec.expiry.ttl}, or the setting of the tier's default
 */
public record Due(Instant expiresAt, String limit, String after, Instant since, String origin) {

    /** The same, deleted later (a warning that came late). */
    Due at(Instant newExpiresAt) {
        return new Due(newExpiresAt, limit, after, since, origin);
    }

    /** For people: "expired: no apply for 28d (idleAfter, envsaga.orchestrator.expiry.preview.idle-after) since …". */
    String reason() {
        return limit.equals("ttl")
                ? "expired: " + after + " after its last apply (ttl, " + origin + "), ready at " + since
                : "expired: no apply for " + after + " (idleAfter, " + origin + ") since " + since;
    }
}

package io.envsaga.orchestrator.expiry;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code envsaga.orchestrator.expiry.*}: when environments expire by default, and how the sweep runs
 * (docs/orchestrator.md, "Expiry").
 *
 * @param preview    the preview tier's defaults, for a preview whose spec leaves {@code spec.expiry} (or one of its fields) out
 * @param warnBefore how long before it expires an environment is warned ({@code environment.expiring})
 * @param sweep      how often every replica looks for environments to warn or delete
 */
@ConfigurationProperties("envsaga.orchestrator.expiry")
public record ExpiryProperties(Preview preview, Duration warnBefore, Duration sweep) {

    public ExpiryProperties {
        preview = preview == null ? new Preview(null, null) : preview;
        warnBefore = warnBefore == null || warnBefore.isNegative() ? Duration.ofDays(1) : warnBefore;
        sweep = sweep == null ? Duration.ofSeconds(30) : sweep;
    }

    /**
     * The preview tier's defaults; zero is no limit.
     *
     * @param ttl       after the last apply that became Ready (default: none)
     * @param idleAfter with no apply at all (default 28 days: Codedang deleted stale previews after 28 days by hand)
     */
    public record Preview(Duration ttl, Duration idleAfter) {
        public Preview {
            ttl = ttl == null || ttl.isZero() || ttl.isNegative() ? null : ttl;
            idleAfter = idleAfter == null ? Duration.ofDays(28) : idleAfter.isZero() || idleAfter.isNegative() ? null : idleAfter;
        }
    }
}

package io.envsaga.dns.route53;

import java.util.Map;

/**
 * {@code envsaga.dns.rate-limit.*}. Route53 limits API calls per account with a token bucket (the
 * classic figure 5 requests a second; in 2026 a shared bucket of 50 refilled at 10 a second, plus
 * per-action and change-count limits). The bucket is shared with every other client of the account
 * (Terraform, people), so the default takes the classic 5 a second with a burst of 5. Raise it only
 * for an account envsaga has mostly to itself.
 *
 * @param burst             tokens of the account bucket
 * @param requestsPerSecond its refill
 * @param actions           optional buckets per API action, e.g. {@code GetChange}, drawn on as well
 * @param changes           optional bucket of changed resource records (ChangeResourceRecordSets)
 */
public record RateLimitProperties(Integer burst, Double requestsPerSecond, Map<String, Bucket> actions, Bucket changes) {

    public RateLimitProperties {
        burst = burst == null ? 5 : burst;
        requestsPerSecond = requestsPerSecond == null ? 5.0 : requestsPerSecond;
        actions = actions == null ? Map.of() : Map.copyOf(actions);
        if (burst < 1 || requestsPerSecond <= 0) {
            throw new IllegalArgumentException("envsaga.dns.rate-limit needs burst >= 1 and requests-per-second > 0");
        }
        actions.forEach((action, bucket) -> bucket.check("envsaga.dns.rate-limit.actions." + action));
        if (changes != null) {
            changes.check("envsaga.dns.rate-limit.changes");
        }
    }

    /** A token bucket: {@code burst} tokens, refilled at {@code perSecond}. */
    public record Bucket(Integer burst, Double perSecond) {
        void check(String where) {
            if (burst == null || perSecond == null || burst < 1 || perSecond <= 0) {
                throw new IllegalArgumentException(where + " needs burst >= 1 and per-second > 0");
            }
        }
    }
}

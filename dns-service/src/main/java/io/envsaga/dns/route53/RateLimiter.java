package io.envsaga.dns.route53;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Route53's limits as client-side token buckets: every call takes a token of the account's
 * bucket and, when configured, of its action's bucket; a ChangeResourceRecordSets call also takes
 * one token per resource record it changes from the change-count bucket. A call waits until every
 * bucket it draws on allows it.
 */
public final class RateLimiter {

    public static final String CHANGE_ACTION = "ChangeResourceRecordSets";

    private final TokenBucket account;
    private final Map<String, TokenBucket> actions = new HashMap<>();
    private final TokenBucket changes;

    public RateLimiter(RateLimitProperties limits, LongSupplier nanoTime) {
        this.account = new TokenBucket(limits.burst(), limits.requestsPerSecond(), nanoTime);
        limits.actions().forEach((action, bucket) -> actions.put(key(action), new TokenBucket(bucket.burst(), bucket.perSecond(), nanoTime)));
        this.changes = limits.changes() == null ? null : new TokenBucket(limits.changes().burst(), limits.changes().perSecond(), nanoTime);
    }

    /** Nanoseconds to wait before this call, its tokens taken. */
    public long reserve(String action, int changedRecords) {
        long wait = account.reserve();
        TokenBucket perAction = actions.get(key(action));
        if (perAction != null) {
            wait = Math.max(wait, perAction.reserve());
        }
        if (changes != null && CHANGE_ACTION.equals(action) && changedRecords > 0) {
            wait = Math.max(wait, changes.reserve(changedRecords));
        }
        return wait;
    }

    /** Takes the call's tokens, waiting for them if needed. */
    public void acquire(String action, int changedRecords) throws InterruptedException {
        long wait = reserve(action, changedRecords);
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /** Action names as configured may come in any case or with dashes: GetChange, getchange, get-change. */
    private static String key(String action) {
        return action.replace("-", "").toLowerCase(java.util.Locale.ROOT);
    }
}

package io.envsaga.dns.route53;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong();

    @Test
    void anActionsOwnBucketLimitsThatActionOnly() {
        RateLimiter limiter = new RateLimiter(new RateLimitProperties(50, 10.0,
                Map.of("get-change", new RateLimitProperties.Bucket(1, 1.0)), null), now::get);

        assertThat(limiter.reserve("GetChange", 0)).isZero();
        assertThat(limiter.reserve("GetChange", 0)).isEqualTo(SECOND);
        assertThat(limiter.reserve("ListResourceRecordSets", 0)).isZero();
    }

    @Test
    void changedRecordsDrawOnTheChangeCountBucket() {
        RateLimiter limiter = new RateLimiter(new RateLimitProperties(50, 10.0, Map.of(), new RateLimitProperties.Bucket(1000, 100.0)), now::get);

        assertThat(limiter.reserve("ChangeResourceRecordSets", 1000)).isZero();
        assertThat(limiter.reserve("ChangeResourceRecordSets", 200)).isEqualTo(2 * SECOND);
        assertThat(limiter.reserve("GetChange", 0)).isZero();
    }

    @Test
    void theAccountBucketLimitsEveryAction() {
        RateLimiter limiter = new RateLimiter(new RateLimitProperties(2, 2.0, Map.of(), null), now::get);

        assertThat(limiter.reserve("GetChange", 0)).isZero();
        assertThat(limiter.reserve("ListResourceRecordSets", 0)).isZero();
        assertThat(limiter.reserve("ChangeResourceRecordSets", 2)).isEqualTo(SECOND / 2);
    }
}

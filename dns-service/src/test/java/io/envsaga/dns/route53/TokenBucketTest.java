package io.envsaga.dns.route53;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void theBurstGoesAtOnceThenCallsAreSpacedByTheRate() {
        AtomicLong now = new AtomicLong();
        TokenBucket bucket = new TokenBucket(5, 5.0, now::get);

        for (int i = 0; i < 5; i++) {
            assertThat(bucket.reserve()).isZero();
        }
        assertThat(bucket.reserve()).isEqualTo(SECOND / 5);
        assertThat(bucket.reserve()).isEqualTo(2 * SECOND / 5);
    }

    @Test
    void tokensRefillUpToTheBurstOnly() {
        AtomicLong now = new AtomicLong();
        TokenBucket bucket = new TokenBucket(2, 10.0, now::get);
        bucket.reserve();
        bucket.reserve();

        now.addAndGet(60 * SECOND);

        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isPositive();
    }

    @Test
    void overAnyWindowNoMoreThanBurstPlusRateTimesWindowCallsGo() {
        AtomicLong now = new AtomicLong();
        TokenBucket bucket = new TokenBucket(50, 10.0, now::get);
        int calls = 0;
        long clock = 0;
        // callers as fast as they can, each waiting what the bucket says, for 10 simulated seconds
        while (clock < 10 * SECOND) {
            now.set(clock);
            clock += bucket.reserve();
            if (clock < 10 * SECOND) {
                calls++;
            }
        }
        assertThat(calls).isBetween(149, 150);
    }
}

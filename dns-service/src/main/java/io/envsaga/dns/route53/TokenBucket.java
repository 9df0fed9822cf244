package io.envsaga.dns.route53;

import java.util.function.LongSupplier;

/**
 * The client side of Route53's per-account limit: a bucket of {@code burst} tokens refilled at
 * {@code perSecond}; every API call takes one. {@link #reserve()} takes a token and says how long
 * to wait before using it, so that calls leave no faster than the bucket allows even in bursts.
 */
public final class TokenBucket {

    private final double burst;
    private final double perNano;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    public TokenBucket(int burst, double perSecond, LongSupplier nanoTime) {
        if (burst < 1 || perSecond <= 0) {
            throw new IllegalArgumentException("a token bucket needs burst >= 1 and a rate > 0");
        }
        this.burst = burst;
        this.perNano = perSecond / 1e9;
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.last = nanoTime.getAsLong();
    }

    /** Takes a token (possibly one not refilled yet) and returns the nanoseconds to wait before the call. */
    public long reserve() {
        return reserve(1);
    }

    /**
     * Takes {@code count} tokens (e.g. the records of a change batch against a change-count
     * limit) and returns the nanoseconds to wait until the bucket would have held them.
     */
    public synchronized long reserve(int count) {
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        tokens -= count;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perNano);
    }
}

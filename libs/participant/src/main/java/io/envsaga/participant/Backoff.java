package io.envsaga.participant;

import java.time.Duration;

/**
 * Capped exponential backoff with "equal jitter": the n-th retry waits between half and all of
 * {@code min(max, initial * multiplier^(n-1))}, so that retries of many environments that failed
 * together (a broker or API server blip) spread out instead of hitting again in lockstep.
 */
public record Backoff(Duration initial, Duration max, double multiplier) {

    public Backoff {
        if (initial.isNegative() || max.compareTo(initial) < 0 || multiplier < 1.0) {
            throw new IllegalArgumentException("backoff needs 0 <= initial <= max and multiplier >= 1");
        }
    }

    /**
     * @param retry  1 for the first retry
     * @param random a number in [0, 1)
     */
    public Duration delay(int retry, double random) {
        double exponential = initial.toMillis() * Math.pow(multiplier, Math.max(0, retry - 1));
        double capped = Math.min(max.toMillis(), exponential);
        return Duration.ofMillis((long) (capped / 2 + random * capped / 2));
    }
}

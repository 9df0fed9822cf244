package io.envsaga.bench;

import java.util.Arrays;
import java.util.Collection;

/** Latency samples in nanoseconds, and their percentiles (nearest rank). */
public record Latencies(long[] sortedNanos) {

    public static final Latencies NONE = new Latencies(new long[0]);

    public static Latencies of(Collection<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Latencies(sorted);
    }

    public int count() {
        return sortedNanos.length;
    }

    /** The p-th percentile in milliseconds, NaN without samples. */
    public double percentileMillis(double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
    }

    public double p50() {
        return percentileMillis(50);
    }

    public double p99() {
        return percentileMillis(99);
    }

    public double maxMillis() {
        return sortedNanos.length == 0 ? Double.NaN : sortedNanos[sortedNanos.length - 1] / 1e6;
    }

    /** "p50 1.9 ms, p99 10.0 ms" (or "no samples"). */
    public String describe() {
        if (sortedNanos.length == 0) {
            return "no samples";
        }
        return "p50 %s ms, p99 %s ms".formatted(Report.ms(p50()), Report.ms(p99()));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Latencies l && Arrays.equals(sortedNanos, l.sortedNanos);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sortedNanos);
    }

    @Override
    public String toString() {
        return describe();
    }
}

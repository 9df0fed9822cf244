package io.envsaga.chaos;

import java.time.Duration;

/**
 * How big a run is: {@code -Denvsaga.chaos=full} for the full suite (100 concurrent environments,
 * every fault, 30 s outages), anything else for the short version CI runs (a few environments, a
 * subset of the faults, shorter outages).
 */
record ChaosMode(boolean full, int burst, int perFault, int clients, Duration outage, Duration settle, long seed) {

    static ChaosMode current() {
        boolean full = "full".equalsIgnoreCase(System.getProperty("envsaga.chaos", "short"));
        long seed = Long.getLong("envsaga.chaos.seed", 20261123L);
        // the sizes can be changed without changing the faults: -Denvsaga.chaos.burst=N, -Denvsaga.chaos.per-fault=N,
        // -Denvsaga.chaos.clients=N (concurrent HTTP clients)
        int burst = Integer.getInteger("envsaga.chaos.burst", full ? 100 : 12);
        int perFault = Integer.getInteger("envsaga.chaos.per-fault", full ? 30 : 6);
        int clients = Integer.getInteger("envsaga.chaos.clients", full ? 32 : 8);
        return full
                ? new ChaosMode(true, burst, perFault, clients, Duration.ofSeconds(30), Duration.ofMinutes(10), seed)
                : new ChaosMode(false, burst, perFault, clients, Duration.ofSeconds(15), Duration.ofMinutes(4), seed);
    }

    String name() {
        return full ? "full" : "short";
    }
}

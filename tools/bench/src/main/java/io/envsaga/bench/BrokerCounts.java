package io.envsaga.bench;

import io.envsaga.simulation.operators.ManagementApi;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Messages published into the benchmark's exchanges and delivered from its queues, from the
 * management API's statistics. Those are sampled (every 5 s by default), so a reading is taken once
 * the figures have stopped moving.
 */
public final class BrokerCounts {

    /** Messages published to the prefix's exchanges, and delivered from its queues (every consumer, the audit's too). */
    public record Counts(long published, long delivered) {
        public Counts minus(Counts earlier) {
            return new Counts(published - earlier.published, delivered - earlier.delivered);
        }
    }

    private static final long STABLE_NANOS = 6_000_000_000L;
    private static final long MAX_WAIT_NANOS = 40_000_000_000L;

    private final ManagementApi management;
    private final String prefix;
    private final JsonMapper json = JsonMapper.builder().build();

    public BrokerCounts(ManagementApi management, String prefix) {
        this.management = management;
        this.prefix = prefix + ".";
    }

    /** The counts once they have not changed for six seconds (at most forty seconds of waiting). */
    public Counts settled() {
        long start = System.nanoTime();
        Counts last = now();
        long stableSince = System.nanoTime();
        while (System.nanoTime() - stableSince < STABLE_NANOS && System.nanoTime() - start < MAX_WAIT_NANOS) {
            LockSupport.parkNanos(1_000_000_000L); // polling the statistics, which change only every few seconds
            Counts current = now();
            if (!current.equals(last)) {
                last = current;
                stableSince = System.nanoTime();
            }
        }
        return last;
    }

    public Counts now() {
        long published = sum("/exchanges/%2F?columns=name,message_stats.publish_in", "publish_in");
        long delivered = sum("/queues/%2F?columns=name,message_stats.deliver_get", "deliver_get");
        return new Counts(published, delivered);
    }

    private long sum(String path, String field) {
        long total = 0;
        for (JsonNode item : json.readTree(management.get(path))) {
            if (item.path("name").asString("").startsWith(prefix)) {
                total += item.path("message_stats").path(field).asLong(0);
            }
        }
        return total;
    }
}

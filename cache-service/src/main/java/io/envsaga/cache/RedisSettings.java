package io.envsaga.cache;

import io.envsaga.contracts.spec.CacheSpec;
import io.envsaga.contracts.spec.Quantities;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Redis settings of {@code spec.cache}, as the cache's config file says them and as
 * {@code CONFIG GET} answers them: a pure function of the spec.
 *
 * @param maxmemory       bytes ({@code spec.cache.memory}; Redis answers CONFIG GET in bytes)
 * @param maxmemoryPolicy as Redis spells it
 */
public record RedisSettings(long maxmemory, String maxmemoryPolicy) {

    public static RedisSettings of(CacheSpec cache) {
        long bytes = Quantities.value(cache.memory()).setScale(0, RoundingMode.FLOOR).longValueExact();
        return new RedisSettings(bytes, cache.maxmemoryPolicy().redisName());
    }

    /**
     * The file the operator includes after its own redis.conf (key {@code redis-additional.conf}
     * of the ConfigMap): the cache's limits, and no persistence at all. Redis 7 saves snapshots
     * by default when a config file names no {@code save}, hence {@code save ""}.
     */
    public String configFile() {
        return "maxmemory " + maxmemory + "\n"
                + "maxmemory-policy " + maxmemoryPolicy + "\n"
                + "save \"\"\n"
                + "appendonly no\n";
    }

    /** A short digest of the config file: changing it changes the Redis' pod template, so the pod restarts with it. */
    public String configHash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(configFile().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The container's default memory limit: maxmemory plus the headroom, rounded up to a whole Mi. */
    static String defaultMemoryLimit(CacheSpec cache, int headroomPercent) {
        BigDecimal mi = BigDecimal.valueOf(1024 * 1024);
        BigDecimal bytes = Quantities.value(cache.memory()).multiply(BigDecimal.valueOf(100 + headroomPercent))
                .divide(BigDecimal.valueOf(100), 0, RoundingMode.CEILING);
        return bytes.divide(mi, 0, RoundingMode.CEILING).toPlainString() + "Mi";
    }
}

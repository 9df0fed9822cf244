package io.envsaga.cache;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code envsaga.cache.*}: what the cache step renders that the spec does not say, and how long
 * its client check tries.
 *
 * @param image          the Redis image of a spec without {@code spec.cache.image}: a pinned Opstree Redis 7 image
 *                       (the operator's init logic generates redis.conf inside it)
 * @param memoryHeadroom how much the container's default memory limit exceeds {@code maxmemory}, in percent
 *                       (Redis' own overhead, fragmentation, client buffers)
 * @param cpuRequest     default CPU request of the Redis container
 * @param cpuLimit       default CPU limit (Redis runs commands on one thread)
 * @param check          the client check
 */
@ConfigurationProperties("envsaga.cache")
public record CacheProperties(String image, Integer memoryHeadroom, String cpuRequest, String cpuLimit, Check check) {

    public static final String DEFAULT_IMAGE = "quay.io/opstree/redis:v7.0.15";

    public CacheProperties {
        image = image == null ? DEFAULT_IMAGE : image;
        memoryHeadroom = memoryHeadroom == null ? 25 : memoryHeadroom;
        cpuRequest = cpuRequest == null ? "100m" : cpuRequest;
        cpuLimit = cpuLimit == null ? "1" : cpuLimit;
        check = check == null ? new Check(null, null, null, null) : check;
        if (memoryHeadroom < 0) {
            throw new IllegalArgumentException("envsaga.cache.memory-headroom must not be negative");
        }
    }

    public static CacheProperties standard() {
        return new CacheProperties(null, null, null, null, null);
    }

    /**
     * @param timeout        how long the check keeps trying after the operator reports the Redis ready
     * @param commandTimeout connect and command timeout of one try
     * @param initialBackoff the wait after the first failed try; doubles up to {@code maxBackoff}
     * @param maxBackoff     the longest wait between tries
     */
    public record Check(Duration timeout, Duration commandTimeout, Duration initialBackoff, Duration maxBackoff) {
        public Check {
            timeout = timeout == null ? Duration.ofMinutes(2) : timeout;
            commandTimeout = commandTimeout == null ? Duration.ofSeconds(5) : commandTimeout;
            initialBackoff = initialBackoff == null ? Duration.ofMillis(200) : initialBackoff;
            maxBackoff = maxBackoff == null ? Duration.ofSeconds(5) : maxBackoff;
        }
    }
}

package io.envsaga.contracts.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;

/** A standalone Redis used as a cache (Opstree Redis Operator); see docs/cache-service.md. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CacheSpec(
        @Pattern(regexp = Patterns.QUANTITY, message = "not a valid quantity such as 256Mi")
        @JsonPropertyDescription("What Redis may hold (its maxmemory), default 256Mi; the pod's memory limit leaves room above it")
        String memory,
        @JsonPropertyDescription("Redis' maxmemory-policy, default allkeys-lru")
        MaxmemoryPolicy maxmemoryPolicy,
        @JsonPropertyDescription("Require a generated password (Secret <env>-redis-auth); workloads that use redis get REDIS_PASSWORD; default false")
        Boolean auth,
        @JsonPropertyDescription("FLUSHALL before the Redis is released; default false")
        Boolean flushOnRelease,
        @Pattern(regexp = Patterns.IMAGE_REFERENCE, message = "not a valid image reference")
        @JsonPropertyDescription("Redis image; default the pinned Opstree Redis 7 image of cache-service")
        String image,
        @Valid @JsonPropertyDescription("Requests and limits of the Redis container; defaults derive from memory")
        Workload.Resources resources) {

    public static final String DEFAULT_MEMORY = "256Mi";

    public CacheSpec {
        memory = memory == null ? DEFAULT_MEMORY : memory;
        maxmemoryPolicy = maxmemoryPolicy == null ? MaxmemoryPolicy.ALLKEYS_LRU : maxmemoryPolicy;
        auth = auth != null && auth;
        flushOnRelease = flushOnRelease != null && flushOnRelease;
    }

    /** The eviction policies of Redis 7 ({@code maxmemory-policy}). */
    public enum MaxmemoryPolicy {
        @JsonProperty("allkeys-lru") ALLKEYS_LRU,
        @JsonProperty("allkeys-lfu") ALLKEYS_LFU,
        @JsonProperty("allkeys-random") ALLKEYS_RANDOM,
        @JsonProperty("volatile-lru") VOLATILE_LRU,
        @JsonProperty("volatile-lfu") VOLATILE_LFU,
        @JsonProperty("volatile-random") VOLATILE_RANDOM,
        @JsonProperty("volatile-ttl") VOLATILE_TTL,
        @JsonProperty("noeviction") NOEVICTION;

        /** As Redis spells it, e.g. {@code allkeys-lru}. */
        public String redisName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}

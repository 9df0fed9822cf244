package io.envsaga.orchestrator.api;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code envsaga.orchestrator.events.*}: bounds of the Server-Sent Events streams.
 *
 * @param timeout                 a stream ends after this long even if its environment has not settled
 * @param heartbeat               a comment line is sent this often; a closed socket is found (and its stream dropped) on it
 * @param maxStreamsPerIdentity   open streams one identity (token, JWT subject) may hold at once; more are 429
 * @param maxStreams              open streams of all identities together (any repository can get a JWT, so identities are
 *                                not bounded); more are 503 with {@code Retry-After}
 */
@ConfigurationProperties("envsaga.orchestrator.events")
public record EventStreamProperties(Duration timeout, Duration heartbeat, Integer maxStreamsPerIdentity, Integer maxStreams) {
    public EventStreamProperties {
        timeout = timeout == null ? Duration.ofMinutes(30) : timeout;
        heartbeat = heartbeat == null ? Duration.ofSeconds(15) : heartbeat;
        maxStreamsPerIdentity = maxStreamsPerIdentity == null ? 10 : maxStreamsPerIdentity;
        maxStreams = maxStreams == null ? 200 : maxStreams;
    }
}

package io.envsaga.participant;

import io.envsaga.contracts.events.ClusterRoute;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code envsaga.participant.*}: how a step service consumes and retries.
 *
 * @param prefetch      unacknowledged commands held at once; a command stays unacknowledged
 *                      until its step is done, so this bounds the environments in flight
 * @param workerThreads threads that run steps (a step may block while it waits for readiness)
 * @param retry         backoff of transient errors
 * @param cluster       the cluster this step service runs on: it consumes that cluster's commands only
 *                      ({@code default}, the one cluster of an installation that names none, when unset)
 */
@ConfigurationProperties("envsaga.participant")
public record ParticipantProperties(Integer prefetch, Integer workerThreads, Retry retry, String cluster) {

    public ParticipantProperties {
        cluster = cluster == null || cluster.isBlank() ? ClusterRoute.DEFAULT : ClusterRoute.checked(cluster);
        prefetch = prefetch == null ? 250 : prefetch;
        workerThreads = workerThreads == null ? 32 : workerThreads;
        retry = retry == null ? new Retry(null, null, null, null) : retry;
    }

    /**
     * @param maxAttempts    tries of one command before it is reported as failed
     * @param initialBackoff delay before the first retry
     * @param maxBackoff     cap of the delay
     * @param multiplier     growth of the delay per retry
     */
    public record Retry(Integer maxAttempts, Duration initialBackoff, Duration maxBackoff, Double multiplier) {
        public Retry {
            maxAttempts = maxAttempts == null ? 6 : maxAttempts;
            initialBackoff = initialBackoff == null ? Duration.ofSeconds(1) : initialBackoff;
            maxBackoff = maxBackoff == null ? Duration.ofSeconds(60) : maxBackoff;
            multiplier = multiplier == null ? 2.0 : multiplier;
        }

        public Backoff backoff() {
            return new Backoff(initialBackoff, maxBackoff, multiplier);
        }
    }
}

package io.envsaga.participant;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code envsaga.participant.*}: how a step service consumes and retries.
 *
 * @param prefetch      unacknowledged commands held at once; a command stays unacknowledged
 *                      until its step is done, so this bounds the environments in flight
 * @param workerThreads threads that run steps (a step may block while it waits for readiness)
 * @param retry         backoff of transient errors
 */
@ConfigurationProperties("envsaga.participant")
public record ParticipantProperties(Integer prefetch, Integer workerThreads, Retry retry) {

    public ParticipantProperties {
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

package io.envsaga.orchestrator.messaging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code envsaga.orchestrator.outbox.*}: how the outbox dispatcher works.
 *
 * @param batchSize    rows read and published per round (their confirms are awaited together)
 * @param pollInterval how often the table is read when no commit woke the dispatcher (rows another replica wrote)
 * @param maxBackoff   the longest wait before the next try while the broker refuses or is away
 * @param lease        how long one replica's dispatcher holds the right to publish; another takes over when it lapses
 */
@ConfigurationProperties("envsaga.orchestrator.outbox")
public record OutboxProperties(Integer batchSize, Duration pollInterval, Duration maxBackoff, Duration lease) {

    public OutboxProperties {
        batchSize = batchSize == null ? 500 : batchSize;
        pollInterval = pollInterval == null ? Duration.ofMillis(250) : pollInterval;
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(5) : maxBackoff;
        lease = lease == null ? Duration.ofSeconds(10) : lease;
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("envsaga.orchestrator.outbox.batch-size must be between 1 and 10000: " + batchSize);
        }
    }
}

package io.envsaga.orchestrator.retention;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code envsaga.orchestrator.retention.*}: how long what the orchestrator keeps is kept.
 *
 * @param audit  audit rows older than this are deleted (default 400 days: a year and a margin)
 * @param every  how often the purge runs
 */
@ConfigurationProperties("envsaga.orchestrator.retention")
public record RetentionProperties(Duration audit, Duration every) {
    public RetentionProperties {
        audit = audit == null ? Duration.ofDays(400) : audit;
        every = every == null ? Duration.ofHours(1) : every;
    }
}

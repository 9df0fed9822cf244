package io.envsaga.orchestrator.retention;

import io.envsaga.orchestrator.tenancy.SubmissionKeys;
import java.sql.Timestamp;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes audit rows older than {@code envsaga.orchestrator.retention.audit}, and the submission
 * keys (intake message ids, API idempotency keys) taken before then. (The outbox needs no
 * purge: the dispatcher deletes a row once the broker has confirmed it.)
 */
@Component
@EnableConfigurationProperties(RetentionProperties.class)
public class RetentionPurge {

    private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);

    private final JdbcClient jdbc;
    private final RetentionProperties retention;
    private final Clock clock;
    private final SubmissionKeys submissionKeys;

    public RetentionPurge(JdbcClient jdbc, RetentionProperties retention, Clock clock, SubmissionKeys submissionKeys) {
        this.submissionKeys = submissionKeys;
        this.jdbc = jdbc;
        this.retention = retention;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${envsaga.orchestrator.retention.every:1h}", initialDelayString = "${envsaga.orchestrator.retention.every:1h}")
    public void scheduled() {
        try {
            purge();
        } catch (RuntimeException e) {
            log.warn("retention purge failed, next try in {}: {}", retention.every(), e.getMessage());
        }
    }

    /** @return the audit rows deleted */
    public int purge() {
        int audit = jdbc.sql("delete from audit_messages where received_at < ?")
                .param(Timestamp.from(clock.instant().minus(retention.audit()))).update();
        if (audit > 0) {
            log.info("deleted {} audit rows older than {}", audit, retention.audit());
        }
        // the intake's message ids and the API's idempotency keys are kept as long as the audit that shows those submissions
        submissionKeys.forgetBefore(clock.instant().minus(retention.audit()));
        return audit;
    }
}

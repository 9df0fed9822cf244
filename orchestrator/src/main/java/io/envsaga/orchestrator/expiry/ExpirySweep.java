package io.envsaga.orchestrator.expiry;

import io.envsaga.bus.EventLogContext;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.orchestrator.saga.Outgoing;
import io.envsaga.orchestrator.saga.Review.Verdict;
import io.envsaga.orchestrator.saga.SagaService;
import io.envsaga.orchestrator.saga.SagaState;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Warns and deletes expired environments: on every replica, every {@code envsaga.orchestrator.expiry.sweep},
 * like {@code DeadlineSweep}: a short query finds the candidates, and each is decided again under
 * its own lock ({@link SagaService#review}), so with two replicas the second finds the first's
 * warning or deletion and does nothing. Its state is in the database ({@link ExpiryStore}), so a
 * restarted orchestrator carries on where it stopped; the time is the injected {@link Clock}'s.
 */
@Component
@EnableConfigurationProperties(ExpiryProperties.class)
public class ExpirySweep {

    private static final Logger log = LoggerFactory.getLogger(ExpirySweep.class);

    private final SagaService saga;
    private final ExpiryStore store;
    private final ExpiryProperties properties;
    private final Clock clock;

    public ExpirySweep(SagaService saga, ExpiryStore store, ExpiryProperties properties, Clock clock) {
        this.saga = saga;
        this.store = store;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${envsaga.orchestrator.expiry.sweep:30s}", initialDelayString = "${envsaga.orchestrator.expiry.sweep:30s}")
    public void sweep() {
        Instant now = clock.instant();
        List<String> candidates;
        try {
            candidates = store.candidates(now, now.plus(properties.warnBefore()));
        } catch (RuntimeException e) {
            log.warn("expiry sweep failed, next sweep tries again: {}", e.getMessage());
            return;
        }
        for (String name : candidates) {
            try {
                saga.review(name, this::review);
            } catch (RuntimeException e) {
                log.warn("expiry of {} failed, next sweep tries again: {}", name, e.getMessage());
            }
        }
    }

    /** Under the environment's lock: what to do now, decided on what is stored now. */
    private Verdict review(SagaState current, Instant now) {
        ExpiryRow row = store.find(current.name()).orElse(null);
        ExpiryRules.Action action = ExpiryRules.next(current.phase(), row, now, properties.warnBefore());
        if (action == ExpiryRules.Action.NONE) {
            return Verdict.NOTHING;
        }
        Due due = row.due();
        try (EventLogContext ignored = EventLogContext.of(current.name(), current.sagaId(), current.generation())) {
            if (action == ExpiryRules.Action.WARN) {
                Instant deletesAt = ExpiryRules.deletesAt(due.expiresAt(), now, properties.warnBefore());
                store.warned(current.name(), row.generation(), deletesAt);
                log.info("expires at {} ({} {} since {}): warned", deletesAt, due.limit(), due.after(), due.since());
                return new Verdict(List.of(new Outgoing(EventType.ENVIRONMENT_EXPIRING, current.name(), current.generation(),
                        current.sagaId(), new Payloads.EnvironmentExpiring(deletesAt, due.limit(), due.after(), due.since()))), false);
            }
            log.info("{}: deleting", due.reason());
            return new Verdict(List.of(new Outgoing(EventType.ENVIRONMENT_EXPIRED, current.name(), current.generation(), current.sagaId(),
                    new Payloads.EnvironmentExpired(due.limit(), due.after(), due.since(), due.reason()))), true);
        }
    }
}

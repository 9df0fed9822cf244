package io.envsaga.orchestrator.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The outbox as an operator watches it: {@code envsaga.outbox.backlog} (messages decided but not
 * yet confirmed by the broker) and {@code envsaga.outbox.oldest.age} (seconds the oldest of them has
 * waited). A backlog that only grows is a broker that refuses or is away; read on each scrape, one
 * short query each.
 */
@Component
public class OutboxMetrics {

    public OutboxMetrics(MeterRegistry registry, Outbox outbox, Clock clock) {
        Gauge.builder("envsaga.outbox.backlog", outbox, Outbox::backlog).strongReference(true)
                .description("outbox messages not yet confirmed by the broker").register(registry);
        Gauge.builder("envsaga.outbox.oldest.age", outbox, o -> age(o.oldestTime(), clock)).strongReference(true).baseUnit("seconds")
                .description("how long the oldest unpublished outbox message has waited").register(registry);
    }

    private static double age(Instant oldest, Clock clock) {
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
    }
}

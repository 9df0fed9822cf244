package io.envsaga.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.contracts.events.CommandKind;
import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.events.Step;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/** Publishing is mandatory and confirmed: a message no queue takes is an error, never "sent". */
class EventPublisherIT {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();

    @Test
    void anUnroutableEventIsAnErrorAndARoutableOneIsConfirmed() {
        BusTopology topology = rabbit.topology();
        RabbitAdmin admin = rabbit.admin();
        for (Declarable d : topology.exchanges().getDeclarables()) {
            admin.declareExchange((Exchange) d);
        }
        EventPublisher publisher = new EventPublisher(rabbit.rabbitTemplate(), topology, Duration.ofSeconds(10));
        Event<?> answer = Event.of(EventType.STEP_RELEASED, "/test", "pub-1", "s1", 1, Step.DNS, new Payloads.StepReleased(Step.DNS, CommandKind.ROLLBACK));

        // the exchanges exist, no queue is bound: the broker confirms, and returns the message first
        assertThatThrownBy(() -> publisher.publish(answer)).isInstanceOf(EventPublisher.PublishException.class)
                .hasMessageContaining("no queue for step.dns.released of pub-1").hasMessageContaining("NO_ROUTE");

        topology.forOrchestrator().getDeclarables().forEach(d -> declare(admin, d));
        Event<?> second = Event.of(EventType.STEP_RELEASED, "/test", "pub-1", "s1", 1, Step.DNS, new Payloads.StepReleased(Step.DNS, CommandKind.ROLLBACK));
        Event<?> unroutable = Event.of(EventType.ENVIRONMENT_REQUESTED, "/test", "pub-1", "s1", 1, null,
                new Payloads.EnvironmentRequested(null));
        Map<String, String> failed = publisher.publishAll(List.of(second, unroutable));

        assertThat(failed).containsOnlyKeys(unroutable.id());
        // a queue's count is read from its state, which may trail the confirm: awaited, then checked it stays exact
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2))
                .until(() -> admin.getQueueInfo(topology.orchestratorStepsQueue()).getMessageCount() >= 1);
        assertThat(admin.getQueueInfo(topology.orchestratorStepsQueue()).getMessageCount()).isEqualTo(1);
    }

    @Test
    void aBatchGoesOutOnOneChannelThatIsUsedAgainForTheNext() {
        // a topology of its own: the other test needs the orchestrator's queue absent
        BusTopology topology = new BusTopology(rabbit.topology().prefix() + "-batch", BusTopology.DEFAULT_DELIVERY_LIMIT);
        RabbitAdmin admin = rabbit.admin();
        topology.exchanges().getDeclarables().forEach(d -> declare(admin, d));
        topology.forOrchestrator().getDeclarables().forEach(d -> declare(admin, d));
        CachingConnectionFactory connections = rabbit.newConnectionFactory();
        AtomicInteger opened = new AtomicInteger();
        connections.addChannelListener((channel, transactional) -> opened.incrementAndGet());
        try {
            EventPublisher publisher = new EventPublisher(new RabbitTemplate(connections), topology, Duration.ofSeconds(10));
            for (int batch = 0; batch < 3; batch++) {
                List<Event<?>> events = new java.util.ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    events.add(Event.of(EventType.STEP_RELEASED, "/test", "pub-" + batch, "s1", 1, Step.DNS, new Payloads.StepReleased(Step.DNS, CommandKind.ROLLBACK)));
                }
                assertThat(publisher.publishAll(events)).isEmpty();
            }

            // a send each on the cache's channels opened a new channel (open + confirm.select) for most messages of a batch
            assertThat(opened).as("channels opened for 3 batches of 50").hasValue(1);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2))
                    .until(() -> admin.getQueueInfo(topology.orchestratorStepsQueue()).getMessageCount() >= 150);
            assertThat(admin.getQueueInfo(topology.orchestratorStepsQueue()).getMessageCount()).isEqualTo(150);
        } finally {
            connections.destroy();
            topology.allQueues().forEach(admin::deleteQueue);
            topology.allExchanges().forEach(admin::deleteExchange);
        }
    }

    private static void declare(RabbitAdmin admin, Declarable d) {
        if (d instanceof Exchange e) {
            admin.declareExchange(e);
        } else if (d instanceof org.springframework.amqp.core.Queue q) {
            admin.declareQueue(q);
        } else if (d instanceof org.springframework.amqp.core.Binding b) {
            admin.declareBinding(b);
        }
    }
}

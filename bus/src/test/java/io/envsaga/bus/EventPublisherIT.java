package io.envsaga.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.events.Step;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
        Event<?> answer = Event.of(EventType.STEP_RELEASED, "/test", "pub-1", "s1", 1, Step.DNS, new Payloads.StepReleased(Step.DNS));

        // the exchanges exist, no queue is bound: the broker confirms, and returns the message first
        assertThatThrownBy(() -> publisher.publish(answer)).isInstanceOf(EventPublisher.PublishException.class)
                .hasMessageContaining("no queue for step.dns.released of pub-1").hasMessageContaining("NO_ROUTE");

        topology.forOrchestrator().getDeclarables().forEach(d -> declare(admin, d));
        Event<?> second = Event.of(EventType.STEP_RELEASED, "/test", "pub-1", "s1", 1, Step.DNS, new Payloads.StepReleased(Step.DNS));
        Event<?> unroutable = Event.of(EventType.ENVIRONMENT_REQUESTED, "/test", "pub-1", "s1", 1, null,
                new Payloads.EnvironmentRequested(null));
        Map<String, String> failed = publisher.publishAll(List.of(second, unroutable));

        assertThat(failed).containsOnlyKeys(unroutable.id());
        assertThat(admin.getQueueInfo(topology.orchestratorStepsQueue()).getMessageCount()).isEqualTo(1);
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

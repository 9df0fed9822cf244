package io.envsaga.orchestrator.messaging;

import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.orchestrator.audit.AuditRecorder;
import io.envsaga.orchestrator.intake.IntakeListener;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.MessageListener;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The orchestrator's three queues (step answers, intake, audit) and their consumers. */
@Configuration(proxyBeanMethods = false)
public class OrchestratorMessagingConfiguration {

    /** The whole bus, step queues included: a command is routable before any step service has started (events.md). */
    @Bean
    Declarables busQueues(BusTopology topology) {
        return topology.all();
    }

    @Bean
    SimpleMessageListenerContainer stepEventsContainer(ConnectionFactory connectionFactory, BusTopology topology, StepEventsListener listener) {
        return container(connectionFactory, topology.orchestratorStepsQueue(), listener);
    }

    @Bean
    SimpleMessageListenerContainer intakeContainer(ConnectionFactory connectionFactory, BusTopology topology, IntakeListener listener) {
        return container(connectionFactory, topology.orchestratorIntakeQueue(), listener);
    }

    @Bean
    SimpleMessageListenerContainer auditContainer(ConnectionFactory connectionFactory, BusTopology topology, AuditRecorder listener) {
        return container(connectionFactory, topology.auditQueue(), listener);
    }

    /** One consumer per queue (they are single-active-consumer queues anyway); ack after the listener returns. */
    private static SimpleMessageListenerContainer container(ConnectionFactory connectionFactory, String queue, MessageListener listener) {
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
        container.setQueueNames(queue);
        container.setAcknowledgeMode(AcknowledgeMode.AUTO);
        container.setDefaultRequeueRejected(true);
        container.setMissingQueuesFatal(false);
        container.setPrefetchCount(50);
        container.setMessageListener(listener);
        return container;
    }
}

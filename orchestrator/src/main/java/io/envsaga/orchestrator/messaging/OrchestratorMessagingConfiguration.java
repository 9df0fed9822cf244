package io.envsaga.orchestrator.messaging;

import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.orchestrator.audit.AuditRecorder;
import io.envsaga.orchestrator.intake.IntakeListener;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.MessageListener;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The bus topology (all of it) and the orchestrator's three consumers: step answers, intake, audit. */
@Configuration(proxyBeanMethods = false)
public class OrchestratorMessagingConfiguration {

    /** The whole bus, step queues included: a command is routable before any step service has started (events.md). */
    @Bean
    Declarables busQueues(BusTopology topology) {
        return topology.all();
    }

    /** One consumer (single active consumer queue), manual acks from the lanes once their transaction has committed. */
    @Bean
    DirectMessageListenerContainer stepEventsContainer(ConnectionFactory connectionFactory, BusTopology topology, StepEventsListener listener,
                                                       AnswerLaneProperties lanes) {
        DirectMessageListenerContainer container = new DirectMessageListenerContainer(connectionFactory);
        container.setQueueNames(topology.orchestratorStepsQueue());
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        container.setPrefetchCount(lanes.prefetch());
        container.setMissingQueuesFatal(false);
        container.setMessageListener(listener);
        return container;
    }

    @Bean
    SimpleMessageListenerContainer intakeContainer(ConnectionFactory connectionFactory, BusTopology topology, IntakeListener listener) {
        return container(connectionFactory, topology.orchestratorIntakeQueue(), listener);
    }

    /**
     * Consumer batching: up to {@link AuditRecorder#BATCH} messages, or what came within 20 ms of
     * the last one, are inserted with one JDBC batch in one transaction and acknowledged together.
     */
    @Bean
    SimpleMessageListenerContainer auditContainer(ConnectionFactory connectionFactory, BusTopology topology, AuditRecorder listener) {
        SimpleMessageListenerContainer container = container(connectionFactory, topology.auditQueue(), listener);
        container.setConsumerBatchEnabled(true);
        container.setDeBatchingEnabled(true);
        container.setBatchSize(AuditRecorder.BATCH);
        container.setPrefetchCount(AuditRecorder.BATCH * 2);
        container.setReceiveTimeout(20);
        return container;
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

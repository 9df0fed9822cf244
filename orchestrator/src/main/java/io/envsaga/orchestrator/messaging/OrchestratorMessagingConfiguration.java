package io.envsaga.orchestrator.messaging;

import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.orchestrator.cluster.Clusters;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The bus topology (all of it) and the consumer of the step answers. The intake and the audit
 * declare their own consumers ({@link QueueConsumers}).
 */
@Configuration(proxyBeanMethods = false)
public class OrchestratorMessagingConfiguration {

    /**
     * The whole bus, the step queues of every cluster included: a command is routable before any step
     * service has started (events.md), and routed to its environment's cluster only (clusters.md).
     */
    @Bean
    Declarables busQueues(BusTopology topology, Clusters clusters) {
        return topology.all(clusters.stepsByCluster());
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
}

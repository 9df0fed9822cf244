package io.envsaga.orchestrator.audit;

import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.orchestrator.messaging.QueueConsumers;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The audit queue's consumer. */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    /**
     * Consumer batching: up to {@link AuditRecorder#BATCH} messages, or what came within 20 ms of
     * the last one, are inserted with one JDBC batch in one transaction and acknowledged together.
     */
    @Bean
    SimpleMessageListenerContainer auditContainer(ConnectionFactory connectionFactory, BusTopology topology, AuditRecorder listener) {
        SimpleMessageListenerContainer container = QueueConsumers.of(connectionFactory, topology.auditQueue(), listener);
        container.setConsumerBatchEnabled(true);
        container.setDeBatchingEnabled(true);
        container.setBatchSize(AuditRecorder.BATCH);
        container.setPrefetchCount(AuditRecorder.BATCH * 2);
        container.setReceiveTimeout(20);
        return container;
    }
}

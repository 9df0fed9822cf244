package io.envsaga.orchestrator.intake;

import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.orchestrator.messaging.QueueConsumers;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The intake queue's consumer. */
@Configuration(proxyBeanMethods = false)
class IntakeConfiguration {

    @Bean
    SimpleMessageListenerContainer intakeContainer(ConnectionFactory connectionFactory, BusTopology topology, IntakeListener listener) {
        return QueueConsumers.of(connectionFactory, topology.orchestratorIntakeQueue(), listener);
    }
}

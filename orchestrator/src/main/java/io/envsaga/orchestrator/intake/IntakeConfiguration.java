package io.envsaga.orchestrator.intake;

import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.contracts.spec.EnvironmentValidator;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The intake queue's consumer: it sorts submissions into their submitters' lanes ({@link IntakeLanes}). */
@Configuration(proxyBeanMethods = false)
class IntakeConfiguration {

    /** Unacknowledged deliveries the broker hands over: what waits in the lanes, plus room to refuse past a full one. */
    private static final int PREFETCH = 250;

    @Bean(destroyMethod = "close")
    IntakeLanes intakeLanes(IntakeListener listener, IntakeProperties properties, EnvironmentValidator validator) {
        return new IntakeLanes(listener, properties.fairness(), validator.limits().maxDocumentBytes(), System::nanoTime);
    }

    @Bean
    DirectMessageListenerContainer intakeContainer(ConnectionFactory connectionFactory, BusTopology topology, IntakeLanes lanes) {
        DirectMessageListenerContainer container = new DirectMessageListenerContainer(connectionFactory);
        container.setQueueNames(topology.orchestratorIntakeQueue());
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        container.setPrefetchCount(PREFETCH);
        container.setMissingQueuesFatal(false);
        container.setMessageListener(lanes);
        return container;
    }
}

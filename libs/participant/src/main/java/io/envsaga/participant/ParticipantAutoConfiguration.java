package io.envsaga.participant;

import io.envsaga.bus.BusAutoConfiguration;
import io.envsaga.bus.EventPublisher;
import io.envsaga.bus.EventSource;
import io.envsaga.bus.tracing.MessageTracing;
import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.contracts.spec.EnvironmentValidator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Turns a {@link StepHandler} bean into a participant of the saga: declares the step's queue,
 * consumes it and runs the handler. A service provides the handler and nothing else.
 */
@AutoConfiguration(after = BusAutoConfiguration.class)
@ConditionalOnBean(StepHandler.class)
@EnableConfigurationProperties(ParticipantProperties.class)
public class ParticipantAutoConfiguration {

    @Bean
    public Declarables stepQueue(BusTopology topology, StepHandler handler, ParticipantProperties properties) {
        return topology.forStep(handler.step(), properties.cluster());
    }

    @Bean(destroyMethod = "shutdownNow")
    public ExecutorService stepWorkers(ParticipantProperties properties, StepHandler handler) {
        return Executors.newFixedThreadPool(properties.workerThreads(), threads("step-" + handler.step().id() + "-"));
    }

    @Bean(destroyMethod = "shutdownNow")
    public ScheduledExecutorService stepRetryTimers() {
        return Executors.newSingleThreadScheduledExecutor(threads("step-retry-"));
    }

    @Bean
    StepRunner stepRunner(StepHandler handler, EventPublisher publisher, EventSource source, ParticipantProperties properties,
                          ExecutorService stepWorkers, ScheduledExecutorService stepRetryTimers, MessageTracing messageTracing) {
        return new StepRunner(handler, publisher, source, properties.retry(), stepWorkers, stepRetryTimers, messageTracing);
    }

    @Bean
    public DirectMessageListenerContainer stepCommandContainer(ConnectionFactory connectionFactory, BusTopology topology,
                                                               StepHandler handler, StepRunner runner,
                                                               EnvironmentValidator validator, EventPublisher publisher,
                                                               EventSource source, ParticipantProperties properties) {
        DirectMessageListenerContainer container = new DirectMessageListenerContainer(connectionFactory);
        container.setQueueNames(topology.stepQueue(handler.step(), properties.cluster()));
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        container.setPrefetchCount(properties.prefetch());
        container.setMissingQueuesFatal(false);
        // started and stopped by StepConsumer, in the order that keeps generations in order
        container.setAutoStartup(false);
        container.setMessageListener(new CommandListener(runner, validator, publisher, source));
        return container;
    }

    @Bean
    StepConsumer stepConsumer(DirectMessageListenerContainer stepCommandContainer, StepRunner stepRunner) {
        return new StepConsumer(stepCommandContainer, stepRunner);
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

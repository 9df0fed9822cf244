package io.envsaga.bus;

import io.envsaga.bus.tracing.MessageTracing;
import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.contracts.spec.EnvironmentValidator;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** The bus of every envsaga process: topology names, the exchanges, and a confirming publisher. */
@AutoConfiguration(afterName = {"org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration"})
@EnableConfigurationProperties({BusProperties.class, SpecLimitsProperties.class})
public class BusAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public BusTopology busTopology(BusProperties properties) {
        return properties.topology();
    }

    /** Publishers need the exchanges even before any consumer has declared its queue. */
    @Bean
    public Declarables envsagaExchanges(BusTopology topology) {
        return topology.exchanges();
    }

    @Bean
    @ConditionalOnMissingBean
    public EventPublisher eventPublisher(RabbitTemplate rabbitTemplate, BusTopology topology, BusProperties properties,
                                         MessageTracing messageTracing) {
        return new EventPublisher(rabbitTemplate, topology, properties.confirmTimeout(), messageTracing);
    }

    /** The spans of messages, with Spring Boot's tracer and propagator when tracing is on the classpath and configured. */
    @Bean
    @ConditionalOnMissingBean
    public MessageTracing messageTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        Tracer t = tracer.getIfUnique();
        Propagator p = propagator.getIfUnique();
        return t == null || p == null ? MessageTracing.none() : new MessageTracing(t, p);
    }

    @Bean
    public EventSource eventSource(BusProperties properties, Environment environment) {
        return new EventSource(properties.source() != null ? properties.source()
                : "/envsaga/" + environment.getProperty("spring.application.name", "unnamed"));
    }

    /** The one spec validator of the process, with the configured limits. */
    @Bean
    @ConditionalOnMissingBean
    public EnvironmentValidator environmentValidator(SpecLimitsProperties limits) {
        return new EnvironmentValidator(limits.limits());
    }

    /**
     * Publisher confirms and returns are not optional in envsaga: an event counts as sent once the
     * broker has it in a queue (EventPublisher publishes mandatory; a return is a failure).
     */
    @Bean
    public static BeanPostProcessor envsagaPublisherConfirms() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof CachingConnectionFactory factory) {
                    factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
                    factory.setPublisherReturns(true);
                }
                return bean;
            }
        };
    }
}

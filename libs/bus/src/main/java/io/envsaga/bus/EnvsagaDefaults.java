package io.envsaga.bus;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Defaults every envsaga process shares, at the lowest precedence (an application's own
 * properties and the environment win):
 * <ul>
 *   <li>the broker at 127.0.0.1:5672, so that {@code java -jar} works on a machine with a local RabbitMQ;</li>
 *   <li>log lines that carry the environment, saga id and generation that {@link EventLogContext}
 *       puts in the MDC, e.g. {@code [codedang-stage saga=3f2a… gen=4]};</li>
 *   <li>a broker that stalls (paused, not closed) is noticed in seconds, not minutes: a short
 *       heartbeat (the client closes a connection that missed two), a connection timeout, and a
 *       timeout for every channel RPC (declarations, consumer set-up) instead of Spring Boot's 10 min.</li>
 * </ul>
 */
public class EnvsagaDefaults implements EnvironmentPostProcessor {

    /** The MDC key of the current span's trace id (Micrometer Tracing's, set while a span is in scope). */
    static final String TRACE_ID = "traceId";

    /**
     * Empty outside of a command (logback's %replace drops the bracket when the MDC has nothing); the trace id
     * only while a span is current ({@code trace=} alone is dropped).
     */
    static final String LOG_PATTERN = "%replace([%X{" + EventLogContext.ENVIRONMENT + "} saga=%X{" + EventLogContext.SAGA_ID
            + "} gen=%X{" + EventLogContext.GENERATION + "}%replace( trace=%X{" + TRACE_ID + "}){' trace=$', ''}] ){'\\[ saga= gen=\\] ', ''}";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        DefaultPropertiesPropertySource.addOrMerge(Map.of(
                "logging.pattern.correlation", LOG_PATTERN,
                "spring.rabbitmq.host", "127.0.0.1",
                "spring.rabbitmq.port", "5672",
                "spring.rabbitmq.requested-heartbeat", "5s",
                "spring.rabbitmq.connection-timeout", "5s",
                "spring.rabbitmq.channel-rpc-timeout", "10s",
                "management.endpoints.web.exposure.include", "health,info,prometheus",
                // tracing (docs/operations.md, "Tracing"): spans and trace ids always, exported only when switched on
                "management.tracing.export.enabled", "false",
                "management.tracing.sampling.probability", "1.0"), environment.getPropertySources());
    }
}

package io.envsaga.bus;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Makes every log line of an envsaga process carry the environment, saga id and generation
 * that {@link EventLogContext} puts in the MDC, e.g.
 * {@code [codedang-stage saga=3f2a… gen=4]}. A lowest-precedence default: an application's own
 * {@code logging.pattern.correlation} wins.
 */
public class LogContextDefaults implements EnvironmentPostProcessor {

    static final String PATTERN = "[%X{" + EventLogContext.ENVIRONMENT + ":-} saga=%X{" + EventLogContext.SAGA_ID
            + ":-} gen=%X{" + EventLogContext.GENERATION + ":-}] ";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        DefaultPropertiesPropertySource.addOrMerge(Map.of("logging.pattern.correlation", PATTERN), environment.getPropertySources());
    }
}

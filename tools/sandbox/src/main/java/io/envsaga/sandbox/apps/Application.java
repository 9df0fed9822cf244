package io.envsaga.sandbox.apps;

import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One of envsaga's applications, started as its own Spring application context from its own
 * main class, with its own {@code application.yaml} and auto-configurations (see
 * {@link OwnResources}, {@link OwnClasspathFilter}) and the sandbox's settings given as command
 * line arguments, as an operator would give them.
 */
public record Application(String name, Class<?> mainClass, Map<String, String> properties, Map<String, Object> beans) {

    public Application(String name, Class<?> mainClass, Map<String, String> properties) {
        this(name, mainClass, properties, Map.of());
    }

    public ConfigurableApplicationContext start() {
        URL configuration = OwnResources.find(mainClass, "application.yaml");
        URL dependencies = OwnResources.find(mainClass, "META-INF/envsaga/dependencies.txt");
        Map<String, String> all = new LinkedHashMap<>();
        if (configuration != null) {
            all.put("spring.config.location", configuration.toString());
        }
        if (dependencies != null) {
            all.put(OwnClasspathFilter.DEPENDENCIES_PROPERTY, dependencies.toString());
        }
        all.putAll(properties);
        List<String> args = new ArrayList<>();
        all.forEach((key, value) -> args.add("--" + key + "=" + value));
        // beans the sandbox shares with the application (e.g. the endpoints its simulated operators register),
        // registered before the auto-configuration looks for them (@ConditionalOnMissingBean)
        ApplicationContextInitializer<ConfigurableApplicationContext> shared = context ->
                beans.forEach((name, bean) -> context.getBeanFactory().registerSingleton(name, bean));
        return new SpringApplicationBuilder(mainClass).main(mainClass).registerShutdownHook(false).initializers(shared)
                .run(args.toArray(String[]::new));
    }
}

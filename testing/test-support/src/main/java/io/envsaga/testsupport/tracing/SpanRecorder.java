package io.envsaga.testsupport.tracing;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The spans an application under test exports, kept in memory: register {@link #initializer()} with the
 * application and start it with {@link #properties()} (tracing on, every span sampled, exported at once).
 * Spring Boot's OpenTelemetry tracing exports to every {@code SpanExporter} bean.
 */
public final class SpanRecorder {

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

    /** Registers the in-memory exporter as a bean of the application. */
    public ApplicationContextInitializer<ConfigurableApplicationContext> initializer() {
        return context -> context.getBeanFactory().registerSingleton("inMemorySpanExporter", exporter);
    }

    /** Tracing switched on, as Spring Boot 4 names it. */
    public static Map<String, String> properties() {
        return Map.of("management.tracing.export.enabled", "true", "management.tracing.sampling.probability", "1.0",
                "management.opentelemetry.tracing.export.schedule-delay", "50ms");
    }

    public List<SpanData> spans() {
        return exporter.getFinishedSpanItems();
    }

    /** Every finished span of one trace. */
    public List<SpanData> trace(String traceId) {
        return spans().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
    }

    public Optional<SpanData> find(Predicate<SpanData> which) {
        return spans().stream().filter(which).findFirst();
    }

    /** The span with this name and attribute value, if finished. */
    public Optional<SpanData> find(String name, String attribute, String value) {
        return find(s -> s.getName().equals(name) && value.equals(s.getAttributes().asMap().entrySet().stream()
                .filter(e -> e.getKey().getKey().equals(attribute)).map(e -> String.valueOf(e.getValue())).findFirst().orElse(null)));
    }

    /** Whether {@code child} is {@code parent}'s child (its parent span id is the parent's span id). */
    public static boolean isChildOf(SpanData child, SpanData parent) {
        return child.getTraceId().equals(parent.getTraceId()) && child.getParentSpanId().equals(parent.getSpanId());
    }

    public void reset() {
        exporter.reset();
    }
}

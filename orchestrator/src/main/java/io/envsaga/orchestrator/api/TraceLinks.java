package io.envsaga.orchestrator.api;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where a saga's trace is shown (docs/operations.md, "Tracing"): {@code envsaga.orchestrator.tracing.url-template},
 * e.g. {@code https://tempo.example/trace/{traceId}}; unset, GET names the trace id only.
 */
@ConfigurationProperties("envsaga.orchestrator.tracing")
public record TraceLinks(String urlTemplate) {

    /** The trace viewer's page of a trace; null without a template or a trace. */
    public String urlOf(String traceId) {
        return urlTemplate == null || urlTemplate.isBlank() || traceId == null ? null : urlTemplate.replace("{traceId}", traceId);
    }
}

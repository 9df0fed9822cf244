package io.envsaga.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The metric names read from PromQL: labels, ranges, functions and keywords are not names. */
class PromQlTest {

    @Test
    void theMetricNamesOfAnExpressionAreFoundAndNothingElse() {
        assertThat(PromQl.metricNames("histogram_quantile(0.95, sum by (le, step) (rate(envsaga_step_duration_seconds_bucket"
                + "{outcome=~\"succeeded|skipped\"}[$__rate_interval])))")).containsExactly("envsaga_step_duration_seconds_bucket");
        assertThat(PromQl.metricNames("sum by (step) (increase(envsaga_step_failures_total{reason=\"timeout\"}[15m])) > 0"))
                .containsExactly("envsaga_step_failures_total");
        assertThat(PromQl.metricNames("absent(up{job=\"x\"}) or a_total / on (instance) group_left(pod) b:recorded offset 5m"))
                .containsExactly("up", "a_total", "b:recorded");
        assertThat(PromQl.metricNames("max(envsaga_outbox_oldest_age_seconds) > 60 and bool 1")).containsExactly("envsaga_outbox_oldest_age_seconds");
    }

    @Test
    void anAlertConditionIsEvaluatedOnTheScrapes() {
        PrometheusScrape first = PrometheusScrape.parse("""
                # TYPE envsaga_step_failures_total counter
                envsaga_step_failures_total{outcome="failed",reason="timeout",step="cache"} 1.0
                envsaga_dlq_messages{queue="a.dlq"} 0.0
                """);
        PrometheusScrape last = PrometheusScrape.parse("""
                envsaga_step_failures_total{outcome="failed",reason="timeout",step="cache"} 1.0
                envsaga_step_failures_total{outcome="failed",reason="timeout",step="dns"} 2.0
                envsaga_step_failures_total{outcome="failed",reason="other",step="workloads"} 4.0
                envsaga_dlq_messages{queue="a.dlq"} 3.0
                envsaga_dlq_messages{queue="b.dlq"} NaN
                """);

        assertThat(AlertCondition.of("sum by (step) (increase(envsaga_step_failures_total{reason=\"timeout\"}[15m])) > 0").holding(first, last))
                .containsExactly(java.util.Map.of("step", "dns"));
        assertThat(AlertCondition.of("max by (queue) (envsaga_dlq_messages) > 0").holding(first, last))
                .containsExactly(java.util.Map.of("queue", "a.dlq"));
        assertThat(AlertCondition.of("max by (queue) (envsaga_dlq_messages) > 0").holding(first, first)).isEmpty();
    }
}

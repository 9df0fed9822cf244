package io.envsaga.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The goal arithmetic and the percentiles, on made-up measures. */
class ReportTest {

    private static final BenchSettings SETTINGS = new BenchSettings(100, 0, 10, 10, 30, 1000, 32, Duration.ofSeconds(120),
            Duration.ofSeconds(180), Duration.ofSeconds(60), List.of(SagaStore.Kind.H2), Path.of("o.jar"), List.of(), Map.of(),
            Path.of("logs"), new Broker("127.0.0.1", 5672, "guest", "guest", 15672), new SagaStore.Postgres("jdbc:x", "u", ""));

    @Test
    void percentilesAreNearestRank() {
        Latencies latencies = Latencies.of(LongStream.rangeClosed(1, 100).map(ms -> ms * 1_000_000).boxed().toList());

        assertThat(latencies.p50()).isEqualTo(50.0);
        assertThat(latencies.p99()).isEqualTo(99.0);
        assertThat(Latencies.of(List.of(7_000_000L)).p99()).isEqualTo(7.0);
        assertThat(Latencies.NONE.describe()).isEqualTo("no samples");
    }

    @Test
    void theP50GoalIsFourTimesOneAndAHalfRawRoundTrips() {
        // raw p50 2 ms: the 3 hops cost 3 ms, the goal is 12 ms
        String met = Report.render("#", SETTINGS, List.of(result(2, 12, 40, 250, 0)));
        String missed = Report.render("#", SETTINGS, List.of(result(2, 12.5, 40, 250, 0)));

        assertThat(met).contains("| " + Report.GOAL_P50_REST + " | met (12.0 ms vs 12.0 ms = 4.0 x the raw 3 hops; the messages alone 6.0 ms) |");
        assertThat(missed).contains("| " + Report.GOAL_P50_REST + " | **NOT MET** (12.5 ms vs 12.0 ms = 4.2 x the raw 3 hops; the messages alone 6.0 ms) |");
    }

    @Test
    void theBurstGoalNeedsTheRateAndEverySagaReadyAndNoErrorAnywhere() {
        String met = Report.render("#", SETTINGS, List.of(result(2, 10, 40, 250, 0)));
        String slow = Report.render("#", SETTINGS, List.of(result(2, 10, 40, 150, 0)));
        String unsent = Report.render("#", SETTINGS, List.of(result(2, 10, 40, 250, 3)));

        assertThat(met).contains("| " + Report.GOAL_BURST + " | met").contains("| " + Report.GOAL_ZERO + " | met")
                .contains("| " + Report.GOAL_P99_STEADY + " | met");
        assertThat(slow).contains("| " + Report.GOAL_BURST + " | **NOT MET** (150/s, 1000 of 1000 ready; the messages alone 400/s)");
        assertThat(unsent).contains("| " + Report.GOAL_BURST + " | **NOT MET**").contains("| " + Report.GOAL_ZERO + " | **NOT MET** (3 errors");
        assertThat(met).contains(Report.ROWS);
    }

    private static StoreRun.Result result(double rawP50, double p50, double steadyP99, double burstRate, int unsent) {
        PhaseResult sequential = phase(10, 0, p50, 0);
        PhaseResult steady = phase(300, 0, steadyP99, 0);
        PhaseResult burst = new PhaseResult("burst", 1000 - unsent, unsent, 1000 - unsent, 0, 0, 1000 - unsent, 0, 0,
                Latencies.of(List.of(1_000_000L)), Latencies.of(List.of(1_000_000L)), burstRate, cpu(), null);
        StoreRun.BusOnly busOnly = new StoreRun.BusOnly(phase(10, 0, 6, 0), new PhaseResult("bus-burst", 1000, 0, 1000, 0, 0, 1000, 0, 0,
                Latencies.of(List.of(1_000_000L)), Latencies.of(List.of(1_000_000L)), 400, cpu(), null));
        return new StoreRun.Result(SagaStore.Kind.H2, Latencies.of(List.of((long) (rawP50 * 1e6))), busOnly, sequential, sequential, steady,
                burst,
                Path.of("o.log"));
    }

    private static PhaseResult phase(int count, int unsent, double latencyMillis, int lost) {
        return new PhaseResult("p", count, unsent, count, 0, 0, count - lost, 0, lost, Latencies.of(List.of((long) (latencyMillis * 1e6))),
                Latencies.of(List.of(1_000_000L)), 10, cpu(), new PhaseResult.MessagesPerSaga(7, 17));
    }

    private static CpuTimes cpu() {
        return new CpuTimes(Duration.ofSeconds(1), Duration.ofMillis(250), Duration.ZERO, Duration.ZERO);
    }
}

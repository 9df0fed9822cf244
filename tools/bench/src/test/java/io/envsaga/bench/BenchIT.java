package io.envsaga.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The benchmark runs, in quick mode with small sizes, against the orchestrator's jar on both saga
 * stores: the counts must hold (every accepted saga ready, no 5xx, nothing lost) and the report must
 * have every line. The times are the benchmark's business (docs/benchmarks.md), not this test's.
 */
class BenchIT {

    @Test
    void aQuickRunOnBothStoresLosesNothingAndReportsEveryLine() {
        Bench bench = new Bench();
        StringWriter output = new StringWriter();
        bench.console(new PrintWriter(output, true));

        int exit = new CommandLine(bench).execute("--quick", "--store", "h2,postgres", "--raw", "100", "--warmup", "3",
                "--sequential", "10", "--seconds", "2", "--burst", "64", "--clients", "8", "--log-dir", "target/bench-logs");

        System.out.println(output); // the report, in failsafe-reports/*-output.txt
        assertThat(exit).as("exit code; output:%n%s", output).isZero();
        assertThat(bench.results()).extracting(StoreRun.Result::store).containsExactly(SagaStore.Kind.H2, SagaStore.Kind.POSTGRES);
        for (StoreRun.Result result : bench.results()) {
            assertThat(result.raw().count()).isEqualTo(100);
            assertThat(result.busOnly().burst().ready()).as("the saga's messages alone: every one ready").isEqualTo(64);
            assertThat(result.busOnly().sequential().ready()).isEqualTo(10);
            assertThat(result.sequentialRest().submitted()).isEqualTo(10);
            assertThat(result.sequentialIntake().submitted()).isEqualTo(10);
            assertThat(result.steady().submitted()).isEqualTo(20);
            assertThat(result.burst().submitted()).isEqualTo(64);
            for (PhaseResult phase : result.phases()) {
                assertThat(phase.accepted()).as("%s %s: accepted", result.store(), phase.name()).isEqualTo(phase.submitted());
                assertThat(phase.serverErrors()).as("%s %s: 5xx", result.store(), phase.name()).isZero();
                assertThat(phase.lost()).as("%s %s: accepted but never ready", result.store(), phase.name()).isZero();
                assertThat(phase.ready()).as("%s %s: ready", result.store(), phase.name()).isEqualTo(phase.accepted());
                assertThat(phase.toReady().count()).isEqualTo(phase.ready());
                assertThat(phase.cpu().orchestrator()).as("%s %s: the orchestrator's CPU time was read", result.store(), phase.name()).isPositive();
            }
            // every saga publishes at least its command, five answers and its outcome, and the audit receives them all
            assertThat(result.sequentialRest().messages().published()).isGreaterThanOrEqualTo(7);
            assertThat(result.sequentialRest().messages().delivered()).isGreaterThan(result.sequentialRest().messages().published());
            assertThat(result.sequentialIntake().messages().published())
                    .as("the intake adds the submission").isGreaterThan(result.sequentialRest().messages().published());
        }
        assertThat(bench.report()).contains(Report.ROWS).contains("| H2 |", "| PostgreSQL |");
        assertThat(output.toString()).contains(Report.GOAL_ZERO + " | met");
    }
}

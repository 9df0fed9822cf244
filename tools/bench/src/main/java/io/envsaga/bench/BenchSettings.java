package io.envsaga.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A run's sizes and where everything is (resolved from the command line).
 *
 * @param raw        raw round trips measured (after a warm-up of up to 100)
 * @param warmup     sequential sagas via REST and via the intake before measuring, then a burst (JIT, pools), not reported
 * @param sequential sequential sagas via REST, and as many via the intake
 * @param settle     how long a phase waits for the outcomes of its accepted sagas
 * @param burstDeadline after this long the burst's clients send nothing more
 */
public record BenchSettings(int raw, int warmup, int sequential, int rate, int seconds, int burst, int clients, Duration burstDeadline, Duration settle,
                            Duration requestTimeout, List<SagaStore.Kind> stores, Path orchestratorJar, List<String> jvmArguments,
                            Map<String, String> orchestratorProperties, Path logDirectory, Broker broker, SagaStore.Postgres postgres) {

    public BenchSettings {
        positive("--raw", raw);
        positive("--sequential", sequential);
        positive("--rate", rate);
        positive("--seconds", seconds);
        positive("--burst", burst);
        positive("--clients", clients);
        if (warmup < 0) {
            throw new BenchException("--warmup must be 0 or more, not " + warmup);
        }
        if (stores.isEmpty()) {
            throw new BenchException("--store: name at least one saga store (h2, postgres)");
        }
    }

    private static void positive(String option, int value) {
        if (value < 1) {
            throw new BenchException(option + " must be at least 1, not " + value);
        }
    }
}

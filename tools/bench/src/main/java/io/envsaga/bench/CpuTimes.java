package io.envsaga.bench;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * CPU time (user + system) used so far by the orchestrator, the broker (when it runs on this machine)
 * and the benchmark itself (its HTTP clients and the simulated step services), as the operating system
 * counts it: where a saga's cost goes.
 *
 * @param orchestratorJit the part of the orchestrator's spent by its JIT compiler threads: on two cores
 *                        a warming JVM's compiler competes with the saga for the same CPU
 */
public record CpuTimes(Duration orchestrator, Duration orchestratorJit, Duration broker, Duration bench) {

    public CpuTimes minus(CpuTimes earlier) {
        Duration jit = orchestratorJit.minus(earlier.orchestratorJit);
        // a compiler thread that ended took its time with it: never less than nothing
        return new CpuTimes(orchestrator.minus(earlier.orchestrator), jit.isNegative() ? Duration.ZERO : jit,
                broker.minus(earlier.broker), bench.minus(earlier.bench));
    }

    /** Reads the clocks; the broker's is zero when no RabbitMQ process ({@code beam.smp}) is visible here. */
    public static Supplier<CpuTimes> clock(Supplier<Duration> orchestrator, Supplier<Duration> orchestratorJit) {
        Optional<ProcessHandle> broker = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("beam.smp")).orElse(false))
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains("rabbit")).orElse(false))
                .findFirst();
        return () -> new CpuTimes(orchestrator.get(), orchestratorJit.get(), broker.map(CpuTimes::cpuOf).orElse(Duration.ZERO),
                cpuOf(ProcessHandle.current()));
    }

    private static Duration cpuOf(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }
}

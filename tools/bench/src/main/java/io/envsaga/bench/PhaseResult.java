package io.envsaga.bench;

import java.time.Duration;

/**
 * What one phase of sagas gave.
 *
 * @param submitted    submissions sent
 * @param unsent       submissions planned but not sent: the burst's deadline passed first
 * @param accepted     taken by the orchestrator (202, or a confirmed and routed intake message)
 * @param serverErrors HTTP 5xx answers
 * @param otherErrors  not accepted for another reason: 4xx, no answer within the request timeout, unroutable
 * @param ready        accepted and reached {@code environment.ready}
 * @param failed       accepted and reached {@code environment.failed} or {@code -rejected}
 * @param lost         accepted, and no outcome at all within the settle time
 * @param toReady      submit (before sending) to {@code environment.ready} seen on the bus
 * @param answer       submit to the HTTP answer or the broker's confirm
 * @param sagasPerSecond ready sagas per second of the phase's wall time (first submit to last ready)
 * @param cpu          CPU time of the orchestrator, the broker and the benchmark during the phase (from its first submit
 *                     until every outcome was in)
 * @param messages     messages per saga, published and delivered, when counted (null otherwise)
 */
public record PhaseResult(String name, int submitted, int unsent, int accepted, int serverErrors, int otherErrors, int ready, int failed, int lost,
                          Latencies toReady, Latencies answer, double sagasPerSecond, CpuTimes cpu, MessagesPerSaga messages) {

    public record MessagesPerSaga(double published, double delivered) {
    }

    /** Milliseconds of orchestrator CPU per accepted saga. */
    public double cpuMillisPerSaga() {
        return perSaga(cpu.orchestrator());
    }

    /** Milliseconds of the broker's CPU per accepted saga (zero when the broker is not on this machine). */
    /** Of {@link #cpuMillisPerSaga()}, the JIT compiler's. */
    public double jitCpuMillisPerSaga() {
        return perSaga(cpu.orchestratorJit());
    }

    public double brokerCpuMillisPerSaga() {
        return perSaga(cpu.broker());
    }

    /** Milliseconds of the benchmark's own CPU (HTTP clients, simulated step services) per accepted saga. */
    public double benchCpuMillisPerSaga() {
        return perSaga(cpu.bench());
    }

    private double perSaga(Duration time) {
        return accepted == 0 ? Double.NaN : time.toNanos() / 1e6 / accepted;
    }

    /** Submissions that did not go through: 5xx, other errors, and those never sent. */
    public int errors() {
        return serverErrors + otherErrors + unsent;
    }

    public PhaseResult withMessages(MessagesPerSaga counted) {
        return new PhaseResult(name, submitted, unsent, accepted, serverErrors, otherErrors, ready, failed, lost, toReady, answer, sagasPerSecond,
                cpu, counted);
    }
}

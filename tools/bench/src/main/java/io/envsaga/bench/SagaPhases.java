package io.envsaga.bench;

import io.envsaga.bench.Outcomes.Outcome;
import io.envsaga.bench.Submitter.Submission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The ways sagas are driven: one after another, at a steady rate, in a burst from concurrent
 * clients. Every phase ends when each accepted saga has its outcome or the settle time has passed,
 * so a broken orchestrator costs at most that long, never a hang.
 */
public final class SagaPhases {

    /** A sequential saga without its outcome after this long is counted lost, and the next one goes. */
    private static final long MAX_SEQUENTIAL_WAIT_NANOS = 30_000_000_000L;

    private record Sent(String environment, Submission submission) {
    }

    private final Outcomes outcomes;
    private final Supplier<CpuTimes> cpu;
    private final String namePrefix;
    private final Duration settle;

    /**
     * @param namePrefix each environment is {@code <namePrefix>-<phase>-<n>}
     * @param settle     how long to wait after the last submission for the outcomes
     */
    public SagaPhases(Outcomes outcomes, Supplier<CpuTimes> cpu, String namePrefix, Duration settle) {
        this.outcomes = outcomes;
        this.cpu = cpu;
        this.namePrefix = namePrefix;
        this.settle = settle;
    }

    /** Each saga submitted once the previous one has its outcome (or waited the settle time for it). */
    public PhaseResult sequential(String phase, Submitter submitter, int count) {
        CpuTimes cpuBefore = cpu.get();
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String environment = environment(phase, i);
            Submission submission = submitter.submit(environment);
            sent.add(new Sent(environment, submission));
            if (submission.accepted()) {
                outcomes.await(environment, Math.min(settle.toNanos(), MAX_SEQUENTIAL_WAIT_NANOS));
            }
        }
        return summarize(phase, sent, 0, cpuBefore);
    }

    /** A steady rate for some seconds, each submission on its own thread at its time (an open loop: a slow answer delays nothing). */
    public PhaseResult steady(String phase, Submitter submitter, int perSecond, int seconds) {
        int count = perSecond * seconds;
        long period = 1_000_000_000L / perSecond;
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(64, Math.max(4, perSecond)));
        CpuTimes cpuBefore = cpu.get();
        List<Future<Sent>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + i * period;
            LockSupport.parkNanos(due - System.nanoTime()); // pacing the submissions, not waiting for a result
            String environment = environment(phase, i);
            futures.add(pool.submit(() -> new Sent(environment, submitter.submit(environment))));
        }
        return summarize(phase, collect(pool, futures), 0, cpuBefore);
    }

    /**
     * {@code count} submissions from {@code clients} concurrent clients, each sending its next as soon as it has an answer,
     * until the deadline: an orchestrator that answers each request only after a timeout would otherwise hold the run for
     * count / clients timeouts. What is left when it passes is counted unsent.
     */
    public PhaseResult burst(String phase, Submitter submitter, int count, int clients, Duration deadline) {
        long stopSending = System.nanoTime() + deadline.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger next = new AtomicInteger();
        CpuTimes cpuBefore = cpu.get();
        List<Future<List<Sent>>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                List<Sent> mine = new ArrayList<>();
                for (int i = next.getAndIncrement(); i < count && System.nanoTime() < stopSending; i = next.getAndIncrement()) {
                    String environment = environment(phase, i);
                    mine.add(new Sent(environment, submitter.submit(environment)));
                }
                return mine;
            }));
        }
        List<Sent> sent = new ArrayList<>();
        collect(pool, futures).forEach(sent::addAll);
        return summarize(phase, sent, count - sent.size(), cpuBefore);
    }

    private String environment(String phase, int i) {
        return namePrefix + "-" + phase + "-" + i;
    }

    private static <T> List<T> collect(ExecutorService pool, List<Future<T>> futures) {
        List<T> results = new ArrayList<>();
        try {
            for (Future<T> future : futures) {
                results.add(future.get()); // each submission has its own timeout (the HTTP request's, the confirm's)
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return results;
    }

    private PhaseResult summarize(String phase, List<Sent> sent, int unsent, CpuTimes cpuBefore) {
        List<String> accepted = sent.stream().filter(s -> s.submission().accepted()).map(Sent::environment).toList();
        outcomes.awaitAll(accepted, System.nanoTime() + settle.toNanos());
        CpuTimes used = cpu.get().minus(cpuBefore);
        List<Long> toReady = new ArrayList<>();
        List<Long> answers = new ArrayList<>();
        int serverErrors = 0;
        int otherErrors = 0;
        int failed = 0;
        int lost = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Sent s : sent) {
            Submission submission = s.submission();
            first = Math.min(first, submission.startNanos());
            answers.add(submission.endNanos() - submission.startNanos());
            serverErrors += submission.serverError() ? 1 : 0;
            otherErrors += submission.otherError() ? 1 : 0;
            if (!submission.accepted()) {
                continue;
            }
            Outcome outcome = outcomes.of(s.environment());
            if (outcome == null) {
                lost++;
            } else if (outcome.kind() == Outcomes.Kind.READY) {
                toReady.add(outcome.nanos() - submission.startNanos());
                last = Math.max(last, outcome.nanos());
            } else {
                failed++;
            }
        }
        double seconds = last > first ? (last - first) / 1e9 : Double.NaN;
        return new PhaseResult(phase, sent.size(), unsent, accepted.size(), serverErrors, otherErrors, toReady.size(), failed, lost,
                Latencies.of(toReady), Latencies.of(answers), toReady.isEmpty() ? 0 : toReady.size() / seconds, used, null);
    }
}

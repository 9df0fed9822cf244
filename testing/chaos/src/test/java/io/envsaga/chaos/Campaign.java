package io.envsaga.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;

/**
 * The environments of one scenario: each gets a {@link Script} (ready, slow, broken or deleted,
 * drawn with the scenario's seed), is submitted by concurrent clients, deleted once ready if its
 * script says so, and awaited until every one has settled as its script says.
 */
final class Campaign {

    final String scenario;
    final List<Script> scripts;
    /** Saga ids of every accepted (202) submission and deletion, per environment. */
    final Map<String, List<String>> accepted = new ConcurrentHashMap<>();
    /** Message ids of the submissions the broker confirmed on the intake, per environment. */
    final Map<String, String> confirmed = new ConcurrentHashMap<>();
    private final AtomicInteger acceptedSubmissions = new AtomicInteger();
    /**
     * Environments whose saga hit a step's deadline, which end FAILED with every step released (the
     * saga's compensation) instead of as scripted; only where the scenario allows it ({@link #deadlinesMayPass}).
     */
    final Set<String> timedOut = ConcurrentHashMap.newKeySet();
    private boolean deadlinesMayPass;
    Instant started;
    Instant submitted;
    Instant settled;

    Campaign(String scenario, int count, long seed) {
        this(scenario, count, seed, null);
    }

    /** @param cluster the cluster of every environment ({@code spec.cluster}); none (the default cluster) when null */
    Campaign(String scenario, int count, long seed, String cluster) {
        this.scenario = scenario;
        List<Script.Kind> kinds = new ArrayList<>();
        // about 40 % ready, 25 % slow, 20 % broken, 15 % deleted; at least one of each from 4 environments on
        Script.Kind[] cycle = {Script.Kind.READY, Script.Kind.SLOW, Script.Kind.BROKEN, Script.Kind.DELETED, Script.Kind.READY,
            Script.Kind.SLOW, Script.Kind.READY, Script.Kind.BROKEN, Script.Kind.READY, Script.Kind.DELETED,
            Script.Kind.SLOW, Script.Kind.READY, Script.Kind.BROKEN, Script.Kind.READY, Script.Kind.SLOW,
            Script.Kind.READY, Script.Kind.BROKEN, Script.Kind.DELETED, Script.Kind.SLOW, Script.Kind.READY};
        for (int i = 0; i < count; i++) {
            kinds.add(cycle[i % cycle.length]);
        }
        Collections.shuffle(kinds, new Random(seed));
        List<Script> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // one in four through the intake exchange (publisher-confirmed), the others through REST
            all.add(new Script("%s-%03d".formatted(scenario, i), kinds.get(i), i % 4 == 3, cluster));
        }
        this.scripts = List.copyOf(all);
    }

    List<String> names() {
        return scripts.stream().map(Script::name).toList();
    }

    int acceptedSubmissions() {
        return acceptedSubmissions.get();
    }

    /** Submits every environment from {@code clients} concurrent clients; returns once each was accepted. */
    void submitAll(Api api, Intake intake, int clients) throws Exception {
        submitAll(api, intake, clients, scripts.size(), null);
    }

    /** As {@link #submitAll(Api, Intake, int)}, but only the first {@code first} at once, the others once {@code gate} is done. */
    void submitAll(Api api, Intake intake, int clients, int first, Future<?> gate) throws Exception {
        started = Instant.now();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < scripts.size(); i++) {
                Script script = scripts.get(i);
                boolean held = i >= first;
                futures.add(pool.submit(() -> {
                    if (held) {
                        gate.get();
                    }
                    if (script.viaIntake()) {
                        confirmed.put(script.name(), intake.submit(script.name(), script.yaml(), Duration.ofMinutes(5)));
                    } else {
                        record(script.name(), api.submit(script.yaml(), Duration.ofMinutes(5)));
                    }
                    acceptedSubmissions.incrementAndGet();
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        submitted = Instant.now();
    }

    /**
     * Waits until every environment has settled as its script says; the ones to delete are deleted
     * once READY. Fails with every environment that has not, and where it stands.
     */
    void awaitSettled(Api api, SagaStore store, Duration atMost) {
        List<String> toDelete = new CopyOnWriteArrayList<>(scripts.stream().filter(s -> s.kind() == Script.Kind.DELETED)
                .map(Script::name).toList());
        Awaitility.await(scenario + ": every environment settled as its script says").atMost(atMost)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    if (deadlinesMayPass) {
                        timedOut.addAll(store.timedOut(names()));
                    }
                    Map<String, String> phases = store.phases(names());
                    for (String name : List.copyOf(toDelete)) {
                        if ("ready".equals(phases.get(name))) {
                            record(name, api.delete(name, Duration.ofMinutes(5)));
                            toDelete.remove(name);
                        }
                    }
                    org.assertj.core.api.Assertions.assertThat(unsettled(phases)).as("environments not settled as scripted").isEmpty();
                });
        settled = Instant.now();
    }

    /** Environments not (yet) where their script ends, with their phase. */
    Map<String, String> unsettled(Map<String, String> phases) {
        Map<String, String> wrong = new java.util.TreeMap<>();
        for (Script script : scripts) {
            String phase = phases.get(script.name());
            if (!expectedPhase(script).equals(phase)) {
                wrong.put(script.name(), phase + " (expected " + expectedPhase(script) + ")");
            }
        }
        return wrong;
    }

    /**
     * A step service may be away longer than a step's deadline in this campaign: an environment
     * whose saga timed out is then expected FAILED with every step released, as the saga compensates.
     */
    void deadlinesMayPass() {
        deadlinesMayPass = true;
    }

    /** Where the environment must end: its script's phase, or FAILED once its saga timed out. */
    String expectedPhase(Script script) {
        return timedOut.contains(script.name()) ? Script.Kind.BROKEN.phase : script.kind().phase;
    }

    /** Whether nothing of it may remain anywhere once settled: released by its script, or compensated after a timeout. */
    boolean released(Script script) {
        return script.released() || timedOut.contains(script.name());
    }

    /** Whether it must end FAILED with every step released. */
    boolean rolledBack(Script script) {
        return script.kind() == Script.Kind.BROKEN || timedOut.contains(script.name());
    }

    private void record(String name, String saga) {
        accepted.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(saga);
    }

    long count(Script.Kind kind) {
        return scripts.stream().filter(s -> s.kind() == kind).count();
    }

    Duration timeToSettle() {
        return Duration.between(started, settled);
    }
}

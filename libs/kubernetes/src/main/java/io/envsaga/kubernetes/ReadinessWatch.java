package io.envsaga.kubernetes;

import io.envsaga.participant.StepFailure;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Waits until a group of applied objects is ready, through informers that it closes before it
 * returns (one per watched kind, filtered by the step's labels, and one on the namespace's pods
 * when a rule reads pods, one on its StatefulSets when a rule reads an operator's). Each event
 * re-evaluates the rules; no polling, no sleeping.
 */
final class ReadinessWatch {

    private final KubernetesClient client;

    ReadinessWatch(KubernetesClient client) {
        this.client = client;
    }

    /**
     * @param deadline   {@link System#nanoTime()} after which waiting fails (retryably)
     * @param retryGrace how long an object may say failed before it fails the step: zero for the
     *                   first group; for later groups, the time its operator needs to retry once
     *                   (topology applied while its cluster was still settling reports errors first)
     */
    void await(Target target, List<Desired> desired, Consumer<String> progress, long deadline, Duration timeout, Duration retryGrace)
            throws InterruptedException {
        List<Desired> watched = desired.stream().filter(d -> d.readiness().needsWatch()).toList();
        if (watched.isEmpty()) {
            return;
        }
        LinkedBlockingQueue<Boolean> changes = new LinkedBlockingQueue<>();
        ResourceEventHandler<HasMetadata> signal = signal(changes);
        Map<ManagedKind, SharedIndexInformer<HasMetadata>> informers = new LinkedHashMap<>();
        SharedIndexInformer<Pod> pods = null;
        SharedIndexInformer<StatefulSet> sets = null;
        try {
            for (Desired d : watched) {
                if (!informers.containsKey(d.kind())) {
                    informers.put(d.kind(), d.kind().operations(client).inNamespace(target.namespace())
                            .withLabels(Labels.selector(target.environment(), target.step())).inform(signal, 0));
                }
            }
            if (watched.stream().anyMatch(d -> d.readiness().needsPods())) {
                @SuppressWarnings({"unchecked", "rawtypes"})
                ResourceEventHandler<Pod> podSignal = (ResourceEventHandler) signal;
                pods = client.pods().inNamespace(target.namespace()).inform(podSignal, 0);
            }
            if (watched.stream().anyMatch(d -> d.readiness().needsStatefulSets())) {
                @SuppressWarnings({"unchecked", "rawtypes"})
                ResourceEventHandler<StatefulSet> setSignal = (ResourceEventHandler) signal;
                sets = client.apps().statefulSets().inNamespace(target.namespace()).inform(setSignal, 0);
            }
            ClusterView view = new InformedClusterView(client, target.namespace(), pods, sets);
            new Loop(target, watched, informers, view, progress, retryGrace).run(changes, deadline, timeout);
        } finally {
            informers.values().forEach(SharedIndexInformer::close);
            if (pods != null) {
                pods.close();
            }
            if (sets != null) {
                sets.close();
            }
        }
    }

    /** One evaluation after another, until all ready, one failed (past its grace), the deadline, or an interrupt. */
    private record Loop(Target target, List<Desired> watched, Map<ManagedKind, SharedIndexInformer<HasMetadata>> informers,
                        ClusterView view, Consumer<String> progress, Duration retryGrace) {

        void run(LinkedBlockingQueue<Boolean> changes, long deadline, Duration timeout) throws InterruptedException {
            Map<String, String> reported = new HashMap<>();
            Map<String, Long> failingSince = new HashMap<>();
            while (true) {
                List<String> failures = new ArrayList<>();
                List<String> waiting = new ArrayList<>();
                long now = System.nanoTime();
                long wake = deadline;
                for (Desired d : watched) {
                    String key = d.kind().kind() + "/" + d.name();
                    HasMetadata current = informers.get(d.kind()).getStore().getByKey(target.namespace() + "/" + d.name());
                    Readiness readiness = d.readiness().check(current, d.name(), view);
                    if (readiness.isFailed()) {
                        long since = failingSince.computeIfAbsent(key, k -> now);
                        long graceEnds = since + retryGrace.toNanos();
                        if (now >= graceEnds) {
                            failures.add(readiness.message());
                            continue;
                        }
                        wake = Math.min(wake, graceEnds);
                        readiness = Readiness.waiting(readiness.message() + " (waiting for the operator to retry)");
                    } else {
                        failingSince.remove(key);
                    }
                    if (!readiness.message().equals(reported.put(key, readiness.message()))) {
                        progress.accept(readiness.message());
                    }
                    if (!readiness.isReady()) {
                        waiting.add(readiness.message());
                    }
                }
                if (!failures.isEmpty()) {
                    throw new StepFailure(String.join("; ", failures));
                }
                if (waiting.isEmpty()) {
                    return;
                }
                if (deadline - now <= 0) {
                    throw new StepFailure("not ready after " + timeout + ": " + String.join(", ", waiting), true);
                }
                changes.poll(wake - now, TimeUnit.NANOSECONDS);
                changes.clear();
            }
        }
    }

    private static ResourceEventHandler<HasMetadata> signal(LinkedBlockingQueue<Boolean> changes) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(HasMetadata obj) {
                changes.offer(Boolean.TRUE);
            }

            @Override
            public void onUpdate(HasMetadata oldObj, HasMetadata newObj) {
                changes.offer(Boolean.TRUE);
            }

            @Override
            public void onDelete(HasMetadata obj, boolean deletedFinalStateUnknown) {
                changes.offer(Boolean.TRUE);
            }
        };
    }
}

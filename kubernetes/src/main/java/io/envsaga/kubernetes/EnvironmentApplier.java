package io.envsaga.kubernetes;

import io.envsaga.participant.StepFailure;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a step's desired objects into the cluster and takes them out again; what every step
 * service that owns Kubernetes objects shares (see docs/kubernetes-library.md).
 *
 * <p>{@link #apply}: makes sure the namespace exists; lists each managed kind once in the
 * namespace; refuses, before writing anything, objects of the same name that envsaga did not make
 * for this environment and step, and objects stamped with a newer generation; applies each object
 * with one server-side apply request (field manager {@code envsaga}, forced: envsaga's spec wins
 * over hand edits of envsaga's own objects); deletes the objects of earlier generations that the
 * spec no longer has; then waits, through informers, until every readiness rule says ready,
 * reporting progress, and fails as soon as one says failed.
 *
 * <p>{@link #release}: deletes the step's objects by label, kind after kind in the given order,
 * waiting until each kind's objects are gone, then (if the step owns it) the namespace.
 */
public class EnvironmentApplier {

    private static final Logger log = LoggerFactory.getLogger(EnvironmentApplier.class);
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final KubernetesClient client;
    private final KubernetesSettings settings;

    public EnvironmentApplier(KubernetesClient client, KubernetesSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    /** What an apply did. */
    public record Applied(List<String> applied, List<String> pruned) {
    }

    /**
     * The objects exactly as {@link #apply} sends them, the namespace first: copies of the
     * desired objects with envsaga's labels and the namespace set. A pure function.
     */
    public static List<HasMetadata> stamped(Target target, List<Desired> desired) {
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(namespace(target));
        for (Desired d : desired) {
            objects.add(stamp(target, d.object()));
        }
        return objects;
    }

    /**
     * Applies the objects and waits until they are ready.
     *
     * @throws StepFailure          for what retrying cannot fix: a foreign object in the way, an
     *                              older generation, an object the API server rejects, a pod that
     *                              cannot start; and (retryable) readiness not reached in time
     * @throws InterruptedException when the step is superseded
     */
    public Applied apply(Target target, List<Desired> desired, Consumer<String> progress) throws InterruptedException {
        checkDesired(target, desired);
        ensureNamespace(target);
        Map<ManagedKind, Map<String, HasMetadata>> existing = listManaged(target, desired);
        refuseForeignAndNewer(target, desired, existing);

        List<String> applied = new ArrayList<>();
        for (Desired d : desired) {
            serverSideApply(target, d.kind(), stamp(target, d.object()));
            applied.add(d.describe());
        }
        List<String> pruned = prune(target, desired, existing);
        if (!pruned.isEmpty()) {
            progress.accept("pruned " + String.join(", ", pruned));
        }
        awaitReady(target, desired, progress);
        return new Applied(applied, pruned);
    }

    /**
     * Deletes the step's objects of the environment that carry a generation up to
     * {@code upToGeneration} ({@code Long.MAX_VALUE} for all), kind after kind in the target's
     * order, waiting until each kind's are gone; then the namespace if the policy says so, envsaga
     * created it and no volume claim is left in it.
     */
    public List<String> release(Target target, long upToGeneration) throws InterruptedException {
        Map<String, String> selector = Labels.selector(target.environment(), target.step());
        List<String> deleted = new ArrayList<>();
        for (ManagedKind kind : target.kinds()) {
            List<HasMetadata> items;
            try {
                items = kind.operations(client).inNamespace(target.namespace()).withLabels(selector).list().getItems();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    continue; // the kind is not installed in this cluster: nothing of it to release
                }
                throw e;
            }
            Set<String> names = new LinkedHashSet<>();
            for (HasMetadata item : items) {
                long generation = Labels.generationOf(item.getMetadata().getLabels());
                if (generation > upToGeneration) {
                    log.info("keeping {} {}: stamped with generation {}, newer than {}", kind.kind(), item.getMetadata().getName(),
                            generation, upToGeneration);
                    continue;
                }
                kind.operations(client).inNamespace(target.namespace()).withName(item.getMetadata().getName()).delete();
                names.add(item.getMetadata().getName());
                deleted.add(kind.kind() + " " + item.getMetadata().getName());
            }
            if (!names.isEmpty()) {
                awaitGone(kind.kind() + " " + names, () -> kind.operations(client).inNamespace(target.namespace()).withLabels(selector)
                        .informOnCondition(list -> list.stream().noneMatch(o -> names.contains(o.getMetadata().getName()))));
            }
        }
        if (target.namespacePolicy() == Target.NamespacePolicy.ENSURE_AND_RELEASE && releaseNamespace(target, upToGeneration)) {
            deleted.add("Namespace " + target.namespace());
        }
        return deleted;
    }

    // --- apply

    private static void checkDesired(Target target, List<Desired> desired) {
        Set<String> seen = new HashSet<>();
        for (Desired d : desired) {
            if (!target.kinds().contains(d.kind())) {
                throw new IllegalArgumentException(d.kind() + " is not among the target's kinds " + target.kinds());
            }
            if (!seen.add(d.kind().kind() + "/" + d.name())) {
                throw new StepFailure("two objects render as " + d.describe() + ": names must be unique per kind");
            }
        }
    }

    private static HasMetadata stamp(Target target, HasMetadata object) {
        HasMetadata copy = SERIALIZATION.clone(object);
        Map<String, String> labels = new LinkedHashMap<>();
        if (copy.getMetadata().getLabels() != null) {
            labels.putAll(copy.getMetadata().getLabels());
        }
        labels.putAll(Labels.of(target.environment(), target.step(), target.generation()));
        copy.getMetadata().setLabels(labels);
        copy.getMetadata().setNamespace(target.namespace());
        copy.getMetadata().setResourceVersion(null);
        return copy;
    }

    private static Namespace namespace(Target target) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.MANAGED_BY, Labels.MANAGER);
        labels.put(Labels.ENVIRONMENT, target.environment());
        labels.put(Labels.GENERATION, Long.toString(target.generation()));
        labels.put(Labels.POD_SECURITY_ENFORCE, target.podSecurity() != null ? target.podSecurity() : Target.BASELINE);
        return new NamespaceBuilder().withNewMetadata().withName(target.namespace()).withLabels(labels).endMetadata().build();
    }

    /**
     * Creates the namespace if absent: one request, a conflict meaning it is there already. One
     * that is not envsaga's is left as it is; on envsaga's own, a step that decides the Pod
     * Security level (the workloads step) sets it, so that a namespace is privileged only while a
     * granted privileged workload runs in it.
     */
    private void ensureNamespace(Target target) {
        try {
            client.namespaces().resource(namespace(target)).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            if (target.podSecurity() != null) {
                keepPodSecurity(target);
            }
        }
    }

    private void keepPodSecurity(Target target) {
        Namespace existing = client.namespaces().withName(target.namespace()).get();
        Map<String, String> labels = existing == null ? null : existing.getMetadata().getLabels();
        if (labels == null || !Labels.MANAGER.equals(labels.get(Labels.MANAGED_BY))
                || !target.environment().equals(labels.get(Labels.ENVIRONMENT))
                || target.podSecurity().equals(labels.get(Labels.POD_SECURITY_ENFORCE))) {
            return;
        }
        client.namespaces().withName(target.namespace())
                .edit(ns -> new NamespaceBuilder(ns).editMetadata().addToLabels(Labels.POD_SECURITY_ENFORCE, target.podSecurity()).endMetadata().build());
    }

    private Map<ManagedKind, Map<String, HasMetadata>> listManaged(Target target, List<Desired> desired) {
        Map<ManagedKind, Map<String, HasMetadata>> existing = new LinkedHashMap<>();
        for (ManagedKind kind : target.kinds()) {
            Map<String, HasMetadata> byName = new HashMap<>();
            try {
                for (HasMetadata item : kind.operations(client).inNamespace(target.namespace()).list().getItems()) {
                    byName.put(item.getMetadata().getName(), item);
                }
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
                if (desired.stream().anyMatch(d -> d.kind().equals(kind))) {
                    throw new StepFailure("the cluster does not serve " + kind + ": is its CustomResourceDefinition installed?");
                }
            }
            existing.put(kind, byName);
        }
        return existing;
    }

    private static void refuseForeignAndNewer(Target target, List<Desired> desired, Map<ManagedKind, Map<String, HasMetadata>> existing) {
        List<String> problems = new ArrayList<>();
        for (Desired d : desired) {
            HasMetadata current = existing.get(d.kind()).get(d.name());
            if (current == null) {
                continue;
            }
            Map<String, String> labels = current.getMetadata().getLabels() == null ? Map.of() : current.getMetadata().getLabels();
            String where = d.kind().kind() + " " + target.namespace() + "/" + d.name();
            if (!ours(labels, target)) {
                String owner = Labels.MANAGER.equals(labels.get(Labels.MANAGED_BY)) && labels.get(Labels.ENVIRONMENT) != null
                        ? "it belongs to environment " + labels.get(Labels.ENVIRONMENT) + " (step " + labels.get(Labels.STEP) + ")"
                        : "it was not made by envsaga";
                problems.add(where + " already exists and " + owner + "; left untouched: rename the workload or remove that object");
                continue;
            }
            long generation = Labels.generationOf(labels);
            if (generation > target.generation()) {
                problems.add(where + " carries generation " + generation + ", newer than generation " + target.generation()
                        + ": an older generation is never applied over a newer one");
            }
        }
        if (!problems.isEmpty()) {
            throw new StepFailure(String.join("; ", problems));
        }
    }

    private static boolean ours(Map<String, String> labels, Target target) {
        return Labels.MANAGER.equals(labels.get(Labels.MANAGED_BY)) && target.environment().equals(labels.get(Labels.ENVIRONMENT))
                && target.step().equals(labels.get(Labels.STEP));
    }

    private void serverSideApply(Target target, ManagedKind kind, HasMetadata object) {
        PatchContext apply = new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager(settings.fieldManager()).withForce(true).build();
        try {
            kind.operations(client).inNamespace(target.namespace()).resource(object).patch(apply);
        } catch (KubernetesClientException e) {
            int code = e.getCode();
            if (code == 400 || code == 422) {
                String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
                throw new StepFailure("the API server rejected " + kind.kind() + " " + object.getMetadata().getName() + ": "
                        + PodFailures.shorten(message));
            }
            if (code == 404) {
                throw new StepFailure("the cluster does not serve " + kind + ": is its CustomResourceDefinition installed?");
            }
            throw e;
        }
    }

    private List<String> prune(Target target, List<Desired> desired, Map<ManagedKind, Map<String, HasMetadata>> existing) {
        List<String> pruned = new ArrayList<>();
        for (Map.Entry<ManagedKind, Map<String, HasMetadata>> entry : existing.entrySet()) {
            ManagedKind kind = entry.getKey();
            Set<String> wanted = new HashSet<>();
            desired.stream().filter(d -> d.kind().equals(kind)).forEach(d -> wanted.add(d.name()));
            for (HasMetadata current : entry.getValue().values()) {
                Map<String, String> labels = current.getMetadata().getLabels() == null ? Map.of() : current.getMetadata().getLabels();
                if (wanted.contains(current.getMetadata().getName()) || !ours(labels, target)
                        || Labels.generationOf(labels) >= target.generation()) {
                    continue;
                }
                kind.operations(client).inNamespace(target.namespace()).withName(current.getMetadata().getName()).delete();
                pruned.add(kind.kind() + " " + current.getMetadata().getName());
            }
        }
        return pruned;
    }

    private void awaitReady(Target target, List<Desired> desired, Consumer<String> progress) throws InterruptedException {
        List<Desired> watched = desired.stream().filter(d -> d.readiness().needsWatch()).toList();
        if (watched.isEmpty()) {
            return;
        }
        LinkedBlockingQueue<Boolean> changes = new LinkedBlockingQueue<>();
        ResourceEventHandler<HasMetadata> signal = signal(changes);
        Map<ManagedKind, SharedIndexInformer<HasMetadata>> informers = new LinkedHashMap<>();
        SharedIndexInformer<Pod> pods = null;
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
            SharedIndexInformer<Pod> podCache = pods;
            ClusterView view = selector -> podCache == null ? List.of() : podCache.getStore().list().stream()
                    .filter(p -> p.getMetadata().getLabels() != null && p.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                    .toList();
            waitLoop(target, watched, informers, view, changes, progress);
        } finally {
            informers.values().forEach(SharedIndexInformer::close);
            if (pods != null) {
                pods.close();
            }
        }
    }

    private void waitLoop(Target target, List<Desired> watched, Map<ManagedKind, SharedIndexInformer<HasMetadata>> informers,
                          ClusterView view, LinkedBlockingQueue<Boolean> changes, Consumer<String> progress) throws InterruptedException {
        long deadline = System.nanoTime() + settings.readyTimeout().toNanos();
        Map<String, String> reported = new HashMap<>();
        while (true) {
            List<String> failures = new ArrayList<>();
            List<String> waiting = new ArrayList<>();
            for (Desired d : watched) {
                HasMetadata current = informers.get(d.kind()).getStore().getByKey(target.namespace() + "/" + d.name());
                Readiness readiness = d.readiness().check(current, d.name(), view);
                if (readiness.isFailed()) {
                    failures.add(readiness.message());
                    continue;
                }
                String key = d.kind().kind() + "/" + d.name();
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
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new StepFailure("not ready after " + settings.readyTimeout() + ": " + String.join(", ", waiting), true);
            }
            changes.poll(left, TimeUnit.NANOSECONDS);
            changes.clear();
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

    // --- release

    private boolean releaseNamespace(Target target, long upToGeneration) throws InterruptedException {
        Namespace namespace = client.namespaces().withName(target.namespace()).get();
        if (namespace == null) {
            return false;
        }
        Map<String, String> labels = namespace.getMetadata().getLabels() == null ? Map.of() : namespace.getMetadata().getLabels();
        if (!Labels.MANAGER.equals(labels.get(Labels.MANAGED_BY)) || !target.environment().equals(labels.get(Labels.ENVIRONMENT))) {
            log.info("keeping namespace {}: envsaga did not create it for {}", target.namespace(), target.environment());
            return false;
        }
        if (Labels.generationOf(labels) > upToGeneration) {
            log.info("keeping namespace {}: created by a newer generation", target.namespace());
            return false;
        }
        if (!client.persistentVolumeClaims().inNamespace(target.namespace()).list().getItems().isEmpty()) {
            log.info("keeping namespace {}: it holds persistent volume claims (kept data)", target.namespace());
            return false;
        }
        client.namespaces().withName(target.namespace()).delete();
        awaitGone("Namespace " + target.namespace(),
                () -> client.namespaces().withName(target.namespace()).informOnCondition(List::isEmpty));
        return true;
    }

    private interface Condition {
        java.util.concurrent.CompletableFuture<? extends List<?>> start();
    }

    private void awaitGone(String what, Condition condition) throws InterruptedException {
        java.util.concurrent.CompletableFuture<? extends List<?>> gone = condition.start();
        try {
            gone.get(settings.releaseTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            gone.cancel(true);
            throw new IllegalStateException(what + " still present after " + settings.releaseTimeout(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not watch " + what + " go: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            gone.cancel(true);
            throw e;
        }
    }

}

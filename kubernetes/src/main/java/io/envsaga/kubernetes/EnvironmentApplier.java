package io.envsaga.kubernetes;

import io.envsaga.participant.StepFailure;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Brings a step's desired objects into the cluster and takes them out again; what every step
 * service that owns Kubernetes objects shares (see docs/kubernetes-library.md).
 *
 * <p>{@link #apply}: makes sure the namespace exists; lets the {@link OwnershipGuard} refuse, before
 * anything is written, objects in the way; then group after group applies each object with one
 * server-side apply request (field manager {@code envsaga}, forced: envsaga's spec wins over hand
 * edits of envsaga's own objects; create-only objects are created once and left alone) and waits
 * (a {@link ReadinessWatch}) until the group is ready; then deletes the objects of earlier
 * generations that the spec no longer has.
 *
 * <p>{@link #release}: see {@link Releaser}.
 */
public class EnvironmentApplier {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final KubernetesClient client;
    private final KubernetesSettings settings;
    private final OwnershipGuard guard;
    private final ReadinessWatch watch;
    private final Releaser releaser;

    public EnvironmentApplier(KubernetesClient client, KubernetesSettings settings) {
        this.client = client;
        this.settings = settings;
        this.guard = new OwnershipGuard(client);
        this.watch = new ReadinessWatch(client);
        this.releaser = new Releaser(client, settings);
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
            objects.add(stamp(target, d));
        }
        return objects;
    }

    /** One group: {@link #apply(Target, List, Consumer)} with {@code List.of(desired)}. */
    public Applied apply(Target target, Collection<Desired> desired, Consumer<String> progress) throws InterruptedException {
        return apply(target, List.of(List.copyOf(desired)), progress);
    }

    /**
     * Applies the groups in order, each ready before the next is applied (a cluster, then the
     * topology that refers to it), then prunes.
     *
     * @throws StepFailure          for what retrying cannot fix: a foreign object in the way, an
     *                              older generation, an object the API server rejects, a pod that
     *                              cannot start, an operator's failure (in a later group, one that
     *                              lasts beyond {@code operator-retry-grace}); and (retryable)
     *                              readiness not reached in time
     * @throws InterruptedException when the step is superseded
     */
    public Applied apply(Target target, List<List<Desired>> groups, Consumer<String> progress) throws InterruptedException {
        List<Desired> all = groups.stream().flatMap(List::stream).toList();
        checkDesired(target, all);
        if (!all.isEmpty() || target.podSecurity() != null) {
            // a step with nothing to make (a spec without its part) only prunes: were it to make the namespace, a late
            // command of it after the environment's release would leave a namespace nobody deletes (found by the chaos
            // suite); the workloads step (which sets the namespace's Pod Security level) always makes it
            ensureNamespace(target);
        }
        Map<ManagedKind, Map<String, HasMetadata>> existing = guard.listManaged(target, all);
        OwnershipGuard.refuseForeignAndNewer(target, all, existing);

        long deadline = System.nanoTime() + settings.readyTimeout().toNanos();
        List<String> applied = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            for (Desired d : groups.get(i)) {
                if (d.createOnly()) {
                    if (existing.get(d.kind()).containsKey(d.name()) || !create(target, d)) {
                        continue;
                    }
                } else {
                    serverSideApply(target, d.kind(), stamp(target, d));
                }
                applied.add(d.describe());
            }
            watch.await(target, groups.get(i), progress, deadline, settings.readyTimeout(),
                    i == 0 ? Duration.ZERO : settings.operatorRetryGrace());
        }
        List<String> pruned = prune(target, all, existing);
        if (!pruned.isEmpty()) {
            progress.accept("pruned " + String.join(", ", pruned));
        }
        return new Applied(applied, pruned);
    }

    /** {@link #release(Target, long, Retention)} deleting everything ({@link Retention#DELETE_ALL}). */
    public List<String> release(Target target, long upToGeneration) throws InterruptedException {
        return release(target, upToGeneration, Retention.DELETE_ALL);
    }

    /**
     * Deletes the step's objects of the environment that carry a generation up to
     * {@code upToGeneration} ({@code Long.MAX_VALUE} for all), kind after kind in the target's
     * order, waiting until each kind's are gone; create-only objects and StatefulSets' claims only
     * under {@link Retention#DELETE_ALL}; then the namespace if the policy says so, envsaga
     * created it and no volume claim is left in it.
     */
    public List<String> release(Target target, long upToGeneration, Retention retention) throws InterruptedException {
        return releaser.release(target, upToGeneration, retention);
    }

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

    private static HasMetadata stamp(Target target, Desired desired) {
        HasMetadata copy = SERIALIZATION.clone(desired.object());
        Map<String, String> labels = new LinkedHashMap<>();
        if (copy.getMetadata().getLabels() != null) {
            labels.putAll(copy.getMetadata().getLabels());
        }
        labels.putAll(Labels.of(target.environment(), target.step(), target.generation()));
        if (desired.createOnly()) {
            labels.put(Labels.CREATE_ONLY, "true");
        }
        copy.getMetadata().setLabels(labels);
        copy.getMetadata().setNamespace(target.namespace());
        copy.getMetadata().setResourceVersion(null);
        if (copy instanceof StatefulSet set && set.getSpec() != null && set.getSpec().getVolumeClaimTemplates() != null) {
            // claims carry the step's labels (never the generation: claim templates cannot change) so release finds them
            for (PersistentVolumeClaim template : set.getSpec().getVolumeClaimTemplates()) {
                Map<String, String> claimLabels = new LinkedHashMap<>();
                if (template.getMetadata().getLabels() != null) {
                    claimLabels.putAll(template.getMetadata().getLabels());
                }
                claimLabels.putAll(Labels.selector(target.environment(), target.step()));
                template.getMetadata().setLabels(claimLabels);
            }
        }
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

    /** Creates a create-only object; false when it appeared meanwhile (a concurrent creation wins, as intended). */
    private boolean create(Target target, Desired desired) {
        try {
            desired.kind().operations(client).inNamespace(target.namespace()).resource(stamp(target, desired)).create();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return false;
            }
            throw rejected(desired.kind(), desired.name(), e);
        }
    }

    private void serverSideApply(Target target, ManagedKind kind, HasMetadata object) {
        PatchContext apply = new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager(settings.fieldManager()).withForce(true).build();
        try {
            kind.operations(client).inNamespace(target.namespace()).resource(object).patch(apply);
        } catch (KubernetesClientException e) {
            throw rejected(kind, object.getMetadata().getName(), e);
        }
    }

    private static RuntimeException rejected(ManagedKind kind, String name, KubernetesClientException e) {
        int code = e.getCode();
        if (code == 400 || code == 422) {
            String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
            return new StepFailure("the API server rejected " + kind.kind() + " " + name + ": " + PodFailures.shorten(message));
        }
        if (code == 404) {
            return OwnershipGuard.notServed(kind);
        }
        return e;
    }

    /** Deletes the step's objects of earlier generations that no group has any more; create-only objects stay. */
    private List<String> prune(Target target, List<Desired> desired, Map<ManagedKind, Map<String, HasMetadata>> existing) {
        List<String> pruned = new ArrayList<>();
        for (Map.Entry<ManagedKind, Map<String, HasMetadata>> entry : existing.entrySet()) {
            ManagedKind kind = entry.getKey();
            Set<String> wanted = new HashSet<>();
            desired.stream().filter(d -> d.kind().equals(kind)).forEach(d -> wanted.add(d.name()));
            for (HasMetadata current : entry.getValue().values()) {
                Map<String, String> labels = OwnershipGuard.labels(current);
                if (wanted.contains(current.getMetadata().getName()) || !OwnershipGuard.ours(labels, target)
                        || Labels.createOnly(labels) || Labels.generationOf(labels) >= target.generation()) {
                    continue;
                }
                kind.operations(client).inNamespace(target.namespace()).withName(current.getMetadata().getName()).delete();
                pruned.add(kind.kind() + " " + current.getMetadata().getName());
            }
        }
        return pruned;
    }
}

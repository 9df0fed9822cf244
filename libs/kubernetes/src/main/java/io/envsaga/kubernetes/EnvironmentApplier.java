package io.envsaga.kubernetes;

import io.envsaga.participant.StepFailure;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Brings a step's desired objects into the cluster and takes them out again; what every step
 * service that owns Kubernetes objects shares (see docs/kubernetes-library.md).
 *
 * <p>{@link #apply}: makes sure the namespace exists ({@link EnvironmentNamespace}); lets the
 * {@link OwnershipGuard} refuse, before anything is written, objects in the way; then group after
 * group applies each object with one server-side apply request (field manager {@code envsaga},
 * forced: envsaga's spec wins over hand edits of envsaga's own objects; labels by {@link Stamping};
 * create-only objects are created once and left alone) and waits (a {@link ReadinessWatch}) until
 * the group is ready; then deletes the objects of earlier generations that the spec no longer has.
 *
 * <p>{@link #release}: see {@link Releaser}.
 */
public class EnvironmentApplier {

    private final KubernetesClient client;
    private final KubernetesSettings settings;
    private final OwnershipGuard guard;
    private final ReadinessWatch watch;
    private final Releaser releaser;
    private final EnvironmentNamespace namespaces;

    public EnvironmentApplier(KubernetesClient client, KubernetesSettings settings) {
        this.client = client;
        this.settings = settings;
        this.guard = new OwnershipGuard(client);
        this.watch = new ReadinessWatch(client);
        this.releaser = new Releaser(client, settings);
        this.namespaces = new EnvironmentNamespace(client);
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
        objects.add(Stamping.namespace(target));
        for (Desired d : desired) {
            objects.add(Stamping.stamp(target, d));
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
            namespaces.ensure(target);
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
                    serverSideApply(target, d.kind(), Stamping.stamp(target, d));
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
     * under {@link Retention#DELETE_ALL}; then {@link #releaseNamespace}.
     */
    public List<String> release(Target target, long upToGeneration, Retention retention) throws InterruptedException {
        return releaser.release(target, upToGeneration, retention);
    }

    /**
     * Lets go of the environment's namespace if nothing of the step is left in it (none of its
     * objects of the target's kinds, none of its claims), and deletes it if no other step holds it,
     * envsaga made it for this environment and no claim is in it. {@link #release} ends with it; a
     * step that deletes more of its own objects after {@link #release} calls it again.
     *
     * @return whether this step was the last holder and deleted the namespace
     */
    public boolean releaseNamespace(Target target, long upToGeneration) throws InterruptedException {
        return releaser.releaseNamespace(target, upToGeneration);
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

    /** Creates a create-only object; false when it appeared meanwhile (a concurrent creation wins, as intended). */
    private boolean create(Target target, Desired desired) {
        try {
            desired.kind().operations(client).inNamespace(target.namespace()).resource(Stamping.stamp(target, desired)).create();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return false;
            }
            throw rejected(desired.kind(), desired.name(), e);
        }
    }

    private static final String UNTYPEABLE = "failed to create typed patch object";

    private void serverSideApply(Target target, ManagedKind kind, HasMetadata object) {
        // Strict: a duplicate field is refused too (an unknown one always is, by the apply's typed conversion)
        PatchContext apply = new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager(settings.fieldManager()).withForce(true).withFieldValidation("Strict").build();
        try {
            kind.operations(client).inNamespace(target.namespace()).resource(object).patch(apply);
        } catch (KubernetesClientException e) {
            throw rejected(kind, object.getMetadata().getName(), e);
        }
    }

    /**
     * 400 and 422 are refusals of the object itself, and so is the 500 of an apply the schema
     * cannot type ("failed to create typed patch object (...): .spec.foo: field not declared in
     * schema": the field manager's error carries no API status, kubernetes
     * apimachinery/pkg/util/managedfields/internal/structuredmerge.go): sending it again changes
     * nothing. Anything else may pass (retried).
     */
    private static RuntimeException rejected(ManagedKind kind, String name, KubernetesClientException e) {
        int code = e.getCode();
        String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        // a refusal retrying cannot change: an invalid object, an admission webhook's denial (403,
        // "admission webhook \"...\" denied the request: ..."), a field the schema does not declare
        if (code == 400 || code == 422 || code == 403 && message != null && message.startsWith("admission webhook ")
                || code == 500 && message != null && message.startsWith(UNTYPEABLE)) {
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

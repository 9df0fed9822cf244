package io.envsaga.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A step lets go of the environment's namespace, and the last holder deletes it
 * (docs/kubernetes-library.md, "The namespace"):
 *
 * <ol>
 *   <li>only when nothing of the step is left there (its objects of its kinds, its claims: a newer
 *       generation's, or kept with the data, keep it a holder; one marked for deletion, or with an
 *       owner the garbage collector deletes it after, is on its way out);</li>
 *   <li>only a namespace envsaga made for this environment; one made before holders existed (no
 *       {@link Labels#RELEASED_BY}) only by the workloads step, by the rule of then;</li>
 *   <li>the step removes its own holder label with one merge patch: the API server serialises two
 *       steps' patches, so exactly the one whose patch leaves no holder sees none;</li>
 *   <li>that one deletes the namespace with the resourceVersion its patch returned as a
 *       precondition: a step that joined in between (its holder label is written before any of its
 *       objects) changed it, the delete answers 409, and the namespace is read again and kept;</li>
 *   <li>no claim may be left in it (kept data keeps its namespace, whoever made the claim), except
 *       claims on their way out (as in 1).</li>
 * </ol>
 */
final class NamespaceRelease {

    private static final Logger log = LoggerFactory.getLogger(NamespaceRelease.class);
    /** Each conflict means another step joined or changed the namespace meanwhile; more than a few is a fault. */
    private static final int ATTEMPTS = 5;

    private final KubernetesClient client;
    private final Waiting waiting;

    /** How to wait until a deleted namespace is gone (the {@link Releaser}'s timeout). */
    interface Waiting {
        void awaitNamespaceGone(String namespace) throws InterruptedException;
    }

    NamespaceRelease(KubernetesClient client, Waiting waiting) {
        this.client = client;
        this.waiting = waiting;
    }

    /** What a delete attempt came to. */
    enum Outcome {
        DELETED,
        KEPT,
        /** The namespace changed since it was read (the precondition failed): read it again. */
        CHANGED
    }

    /** Lets go of the namespace if nothing of the step is left in it; true when this step deleted it. */
    boolean release(Target target, long upToGeneration) throws InterruptedException {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Namespace namespace = client.namespaces().withName(target.namespace()).get();
            if (namespace == null) {
                return false;
            }
            Map<String, String> labels = labels(namespace);
            if (!Labels.environmentsNamespace(labels, target.environment())) {
                log.info("keeping namespace {}: envsaga did not create it for {}", target.namespace(), target.environment());
                return false;
            }
            String left = leftOfStep(target);
            if (left != null) {
                log.info("keeping namespace {}: {} still has {} in it", target.namespace(), target.step(), left);
                return false;
            }
            Outcome outcome;
            if (!Labels.LAST_HOLDER.equals(labels.get(Labels.RELEASED_BY))) {
                outcome = releaseMadeBeforeHolders(target, namespace, upToGeneration);
            } else {
                if (labels.containsKey(Labels.holder(target.step()))) {
                    namespace = withoutHolder(target);
                }
                outcome = namespace == null ? Outcome.KEPT : deleteIfLastHolder(target, namespace);
            }
            if (outcome != Outcome.CHANGED) {
                return outcome == Outcome.DELETED;
            }
        }
        throw new IllegalStateException("namespace " + target.namespace() + " kept changing while " + target.step() + " released it");
    }

    /**
     * Deletes the namespace, as last seen ({@code observed}), if no step holds it and no claim is
     * in it, on the precondition that it has not changed since; waits until it is gone.
     */
    Outcome deleteIfLastHolder(Target target, Namespace observed) throws InterruptedException {
        List<String> holders = Labels.holders(labels(observed));
        if (!holders.isEmpty()) {
            log.info("keeping namespace {}: held by {}", target.namespace(), String.join(", ", holders));
            return Outcome.KEPT;
        }
        if (observed.getMetadata().getDeletionTimestamp() != null) {
            return Outcome.KEPT; // another release is deleting it already
        }
        if (claimsIn(target)) {
            log.info("keeping namespace {}: it holds persistent volume claims (kept data)", target.namespace());
            return Outcome.KEPT;
        }
        try {
            if (client.namespaces().withName(target.namespace()).lockResourceVersion(observed.getMetadata().getResourceVersion())
                    .delete().isEmpty()) {
                return Outcome.KEPT; // gone already: another step's release deleted it
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                log.info("namespace {} changed before its deletion (a step joined it?): reading it again", target.namespace());
                return Outcome.CHANGED;
            }
            throw e;
        }
        log.info("deleting namespace {}: {} was its last holder", target.namespace(), target.step());
        waiting.awaitNamespaceGone(target.namespace());
        return Outcome.DELETED;
    }

    /** The namespace after removing the step's holder label; null when it is gone meanwhile (another step deleted it). */
    private Namespace withoutHolder(Target target) {
        Map<String, String> removal = new HashMap<>();
        removal.put(Labels.holder(target.step()), null);
        try {
            return EnvironmentNamespace.patchLabels(client, target.namespace(), removal);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    /** The first object of the step still in the namespace (a newer generation's, or kept), or null. */
    private String leftOfStep(Target target) {
        for (ManagedKind kind : target.kinds()) {
            String name = kind.listOfStep(client, target).stream().filter(NamespaceRelease::staying).findFirst()
                    .map(o -> o.getMetadata().getName()).orElse(null);
            if (name != null) {
                return kind.kind() + " " + name;
            }
        }
        return client.persistentVolumeClaims().inNamespace(target.namespace())
                .withLabels(Labels.selector(target.environment(), target.step())).list().getItems().stream()
                .filter(NamespaceRelease::staying).findFirst().map(c -> "PersistentVolumeClaim " + c.getMetadata().getName()).orElse(null);
    }

    private boolean claimsIn(Target target) {
        return client.persistentVolumeClaims().inNamespace(target.namespace()).list().getItems().stream().anyMatch(NamespaceRelease::staying);
    }

    /**
     * Not on its way out. An object marked for deletion (a claim whose pod has not stopped yet,
     * held by {@code kubernetes.io/pvc-protection}) goes anyway, and so does one with an owner (the
     * claims of an operator's StatefulSet that carry our labels, owned by the released custom
     * resource): the garbage collector deletes it after its owner, and the namespace's deletion
     * waits for both. Kept data has no owner (a StatefulSet's claims keep none by default).
     */
    private static boolean staying(HasMetadata object) {
        return object.getMetadata().getDeletionTimestamp() == null
                && (object.getMetadata().getOwnerReferences() == null || object.getMetadata().getOwnerReferences().isEmpty());
    }

    /** A namespace without holder labels, made before they existed: the workloads step deletes it, as it did then. */
    private Outcome releaseMadeBeforeHolders(Target target, Namespace namespace, long upToGeneration) throws InterruptedException {
        if (target.podSecurity() == null) {
            log.info("keeping namespace {}: made before holders existed, the workloads step releases it", target.namespace());
            return Outcome.KEPT;
        }
        if (Labels.generationOf(labels(namespace)) > upToGeneration) {
            log.info("keeping namespace {}: created by a newer generation", target.namespace());
            return Outcome.KEPT;
        }
        Namespace unheld = new io.fabric8.kubernetes.api.model.NamespaceBuilder(namespace).editMetadata()
                .withLabels(Map.of()).endMetadata().build();
        return deleteIfLastHolder(target, unheld);
    }

    private static Map<String, String> labels(Namespace namespace) {
        return namespace.getMetadata().getLabels() == null ? Map.of() : namespace.getMetadata().getLabels();
    }
}

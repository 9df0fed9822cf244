package io.envsaga.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a step's objects out again: kind after kind in the target's order, each kind's objects
 * gone (finalizers included) before the next; then, under {@link Retention#DELETE_ALL}, the
 * claims of its StatefulSets; then lets go of the namespace ({@link NamespaceRelease}: the last
 * holder deletes it).
 */
final class Releaser {

    private static final Logger log = LoggerFactory.getLogger(Releaser.class);

    private final KubernetesClient client;
    private final KubernetesSettings settings;
    private final NamespaceRelease namespace;

    Releaser(KubernetesClient client, KubernetesSettings settings) {
        this.client = client;
        this.settings = settings;
        this.namespace = new NamespaceRelease(client, this::awaitNamespaceGone);
    }

    /** Lets go of the namespace if nothing of the step is left there; true when it was the last holder and deleted it. */
    boolean releaseNamespace(Target target, long upToGeneration) throws InterruptedException {
        return namespace.release(target, upToGeneration);
    }

    List<String> release(Target target, long upToGeneration, Retention retention) throws InterruptedException {
        Map<String, String> selector = Labels.selector(target.environment(), target.step());
        List<String> deleted = new ArrayList<>();
        Set<String> claims = new LinkedHashSet<>();
        for (ManagedKind kind : target.kinds()) {
            List<HasMetadata> items = kind.listOfStep(client, target);
            Set<String> names = new LinkedHashSet<>();
            for (HasMetadata item : items) {
                long generation = Labels.generationOf(item.getMetadata().getLabels());
                if (generation > upToGeneration) {
                    log.info("keeping {} {}: stamped with generation {}, newer than {}", kind.kind(), item.getMetadata().getName(),
                            generation, upToGeneration);
                    continue;
                }
                if (retention == Retention.KEEP_CREATE_ONLY && Labels.createOnly(item.getMetadata().getLabels())) {
                    log.info("keeping {} {}: created once, retained with the data", kind.kind(), item.getMetadata().getName());
                    continue;
                }
                if (item instanceof StatefulSet set) {
                    claims.addAll(claimNames(set));
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
        if (retention == Retention.DELETE_ALL) {
            deleted.addAll(releaseClaims(target, upToGeneration == Long.MAX_VALUE, claims));
        }
        if (releaseNamespace(target, upToGeneration)) {
            deleted.add("Namespace " + target.namespace());
        }
        return deleted;
    }

    /** The claims a StatefulSet's controller makes: {@code <template>-<set>-<ordinal>}. */
    private static List<String> claimNames(StatefulSet set) {
        if (set.getSpec() == null || set.getSpec().getVolumeClaimTemplates() == null) {
            return List.of();
        }
        int replicas = Optional.ofNullable(set.getSpec().getReplicas()).orElse(1);
        List<String> names = new ArrayList<>();
        for (PersistentVolumeClaim template : set.getSpec().getVolumeClaimTemplates()) {
            for (int i = 0; i < replicas; i++) {
                names.add(template.getMetadata().getName() + "-" + set.getMetadata().getName() + "-" + i);
            }
        }
        return names;
    }

    /**
     * The claims of the released StatefulSets (by the controller's naming), and on a full release
     * also those labelled for the step (the applier stamps claim templates with its labels).
     */
    private List<String> releaseClaims(Target target, boolean all, Set<String> claimNames) throws InterruptedException {
        Set<String> names = new LinkedHashSet<>();
        if (all) {
            client.persistentVolumeClaims().inNamespace(target.namespace()).withLabels(Map.of(Labels.ENVIRONMENT, target.environment(),
                    Labels.STEP, target.step())).list().getItems().forEach(c -> names.add(c.getMetadata().getName()));
        }
        for (String name : claimNames) {
            if (client.persistentVolumeClaims().inNamespace(target.namespace()).withName(name).get() != null) {
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            return List.of();
        }
        names.forEach(name -> client.persistentVolumeClaims().inNamespace(target.namespace()).withName(name).delete());
        awaitGone("PersistentVolumeClaim " + names, () -> client.persistentVolumeClaims().inNamespace(target.namespace())
                .informOnCondition(list -> list.stream().noneMatch(c -> names.contains(c.getMetadata().getName()))));
        return names.stream().map(name -> "PersistentVolumeClaim " + name).toList();
    }

    /**
     * Until the namespace is gone, by reading it (GET, a little later each time, at most every 2 s).
     * Not an informer, as for the step's own objects: watching a namespace needs the right to watch
     * every namespace of the cluster, which nothing else of a step needs, and a namespace terminates
     * once, in seconds (its contents deleted by the namespace controller).
     */
    private void awaitNamespaceGone(String name) throws InterruptedException {
        long deadline = System.nanoTime() + settings.releaseTimeout().toNanos();
        long pauseMillis = 20;
        while (client.namespaces().withName(name).get() != null) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("Namespace " + name + " still present after " + settings.releaseTimeout());
            }
            Thread.sleep(pauseMillis); // polling the API server, not synchronising a test
            pauseMillis = Math.min(pauseMillis * 2, 2_000);
        }
    }

    private void awaitGone(String what, Supplier<CompletableFuture<? extends List<?>>> condition) throws InterruptedException {
        CompletableFuture<? extends List<?>> gone = condition.get();
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

package io.envsaga.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link ClusterView} of one wait: the namespace's pods from an informer's cache; its
 * StatefulSets read from the API server, the informer on them only signalling their changes.
 * Two informers lag independently: an operator updates its StatefulSet, then writes its own status
 * (cluster-operator {@code rabbitmqcluster_controller.go}: resources before
 * {@code setReconcileSuccess}), and the watch on the operator's object can show that status while
 * the StatefulSet's cache still holds the StatefulSet from before, fully rolled out at the old
 * revision: Ready too early. A GET is a quorum read, so once the status is seen it returns the
 * StatefulSet at least as new as the operator left it.
 */
final class InformedClusterView implements ClusterView {

    private final KubernetesClient client;
    private final String namespace;
    private final SharedIndexInformer<Pod> pods;
    private final SharedIndexInformer<StatefulSet> sets;

    /** @param pods, sets null when no rule reads them */
    InformedClusterView(KubernetesClient client, String namespace, SharedIndexInformer<Pod> pods, SharedIndexInformer<StatefulSet> sets) {
        this.client = client;
        this.namespace = namespace;
        this.pods = pods;
        this.sets = sets;
    }

    @Override
    public List<Pod> pods(Map<String, String> selector) {
        return pods == null ? List.of() : pods.getStore().list().stream()
                .filter(p -> p.getMetadata().getLabels() != null && p.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                .toList();
    }

    @Override
    public Optional<StatefulSet> statefulSet(String name) {
        if (sets == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(client.apps().statefulSets().inNamespace(namespace).withName(name).get());
        } catch (KubernetesClientException unreachable) {
            // the next change re-evaluates; meanwhile the cache is the best there is
            return Optional.ofNullable(sets.getStore().getByKey(namespace + "/" + name));
        }
    }
}

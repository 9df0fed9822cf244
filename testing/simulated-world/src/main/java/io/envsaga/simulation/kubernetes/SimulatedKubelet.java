package io.envsaga.simulation.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The Deployment controller and kubelet of a mock cluster, for every namespace (the sandbox's and
 * the chaos suite's): every rollout completes at once, except that a Deployment with an image
 * tagged {@value #BROKEN_TAG} gets a pod stuck in {@code ImagePullBackOff}, as a real kubelet
 * reports an image that cannot be pulled, and one with an image tagged {@value #SLOW_TAG}
 * completes only after {@code slowRollout} (a slow step). When a rollout completes, pods of other
 * images (an earlier template's) go away, as the old ReplicaSet is scaled down.
 */
public final class SimulatedKubelet implements AutoCloseable {

    public static final String BROKEN_TAG = ":broken";
    public static final String SLOW_TAG = ":slow";

    private final KubernetesClient client;
    private final ClusterControllers controllers;
    private final Duration slowRollout;
    private final Map<String, Integer> handled = new ConcurrentHashMap<>();
    // status writes leave the informer's thread: a write from inside its handler would wait on itself
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "simulated-kubelet");
        thread.setDaemon(true);
        return thread;
    });
    private final SharedIndexInformer<Deployment> informer;

    public SimulatedKubelet(KubernetesClient client) {
        this(client, Duration.ofSeconds(5));
    }

    public SimulatedKubelet(KubernetesClient client, Duration slowRollout) {
        this.client = client;
        this.controllers = new ClusterControllers(client);
        this.slowRollout = slowRollout;
        this.informer = client.apps().deployments().inAnyNamespace().inform(
                InformerHandlers.onChange(this::changed, deployment -> handled.remove(InformerHandlers.key(deployment))));
    }

    private void changed(Deployment deployment) {
        // our own status write is an update too: act once per spec
        int spec = deployment.getSpec().hashCode();
        Integer before = handled.put(InformerHandlers.key(deployment), spec);
        if (before != null && before == spec) {
            return;
        }
        boolean slow = images(deployment).stream().anyMatch(image -> image != null && image.endsWith(SLOW_TAG));
        worker.schedule(() -> act(deployment), slow ? slowRollout.toMillis() : 0, TimeUnit.MILLISECONDS);
    }

    private void act(Deployment deployment) {
        String namespace = deployment.getMetadata().getNamespace();
        String name = deployment.getMetadata().getName();
        try {
            List<String> broken = images(deployment).stream().filter(SimulatedKubelet::isBroken).toList();
            if (!broken.isEmpty()) {
                controllers.failPod(namespace, name, "ImagePullBackOff", "Back-off pulling image \"" + broken.get(0)
                        + "\": the simulated kubelet pulls no image tagged " + BROKEN_TAG);
                return;
            }
            Set<String> images = Set.copyOf(images(deployment));
            Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
            for (Pod pod : client.pods().inNamespace(namespace).withLabels(selector).list().getItems()) {
                if (!images.containsAll(pod.getSpec().getContainers().stream().map(Container::getImage).collect(Collectors.toSet()))) {
                    client.pods().inNamespace(namespace).resource(pod).delete();
                }
            }
            controllers.completeRollout(namespace, name);
        } catch (RuntimeException e) {
            // deleted meanwhile, or a newer generation: the next event acts again
            handled.remove(namespace + "/" + name);
        }
    }

    public static boolean isBroken(String image) {
        return image != null && image.endsWith(BROKEN_TAG);
    }

    private static List<String> images(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream().map(Container::getImage).toList();
    }

    @Override
    public void close() {
        informer.close();
        worker.shutdownNow();
    }
}

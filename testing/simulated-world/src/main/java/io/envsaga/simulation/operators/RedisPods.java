package io.envsaga.simulation.operators;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;

/** Writes what the operator, the StatefulSet controller and the kubelet write for one Redis. */
final class RedisPods {

    private final KubernetesClient client;

    RedisPods(KubernetesClient client) {
        this.client = client;
    }

    /** The StatefulSet and Services, as the operator creates or updates them; a new pod template means a new pod. */
    void ensureOwned(GenericKubernetesResource redis, String image) {
        String namespace = redis.getMetadata().getNamespace();
        apply(namespace, OpstreeStandaloneObjects.statefulSet(redis, image, 0));
        for (Service service : OpstreeStandaloneObjects.services(redis)) {
            apply(namespace, service);
        }
        client.pods().inNamespace(namespace).withName(redis.getMetadata().getName() + "-0").delete();
    }

    void running(GenericKubernetesResource redis, String image, int restarts, boolean ready) {
        write(redis, image, "Running", OpstreeStandaloneObjects.container(redis, image, restarts).withReady(ready).withStarted(true)
                .withNewState().withNewRunning().withStartedAt(Instant.now().toString()).endRunning().endState().build());
    }

    void waiting(GenericKubernetesResource redis, String image, int restarts, String reason, String message) {
        write(redis, image, "Pending", OpstreeStandaloneObjects.container(redis, image, restarts).withReady(false)
                .withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState().build());
    }

    void crashLoop(GenericKubernetesResource redis, String image, int restarts, int exitCode, String output) {
        write(redis, image, "Running", OpstreeStandaloneObjects.container(redis, image, restarts).withReady(false)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                .withMessage("back-off restarting failed container=" + redis.getMetadata().getName()).endWaiting().endState()
                .withNewLastState().withNewTerminated().withExitCode(exitCode).withReason("Error").withMessage(output)
                .withFinishedAt(Instant.now().toString()).endTerminated().endLastState().build());
    }

    /** What garbage collection does in a cluster when the Redis (their owner) goes. */
    void deleteOwned(GenericKubernetesResource redis) {
        String namespace = redis.getMetadata().getNamespace();
        String name = redis.getMetadata().getName();
        client.pods().inNamespace(namespace).withName(name + "-0").delete();
        client.apps().statefulSets().inNamespace(namespace).withName(name).delete();
        for (Service service : OpstreeStandaloneObjects.services(redis)) {
            client.services().inNamespace(namespace).withName(service.getMetadata().getName()).delete();
        }
    }

    private void write(GenericKubernetesResource redis, String image, String phase, ContainerStatus status) {
        String namespace = redis.getMetadata().getNamespace();
        Pod pod = OpstreeStandaloneObjects.pod(redis, image, phase, status);
        Pod existing = client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).get();
        if (existing == null) {
            client.pods().inNamespace(namespace).resource(pod).create();
        } else {
            existing.setStatus(pod.getStatus());
            client.pods().inNamespace(namespace).resource(existing).updateStatus();
        }
        StatefulSet set = client.apps().statefulSets().inNamespace(namespace).withName(redis.getMetadata().getName()).get();
        if (set != null) {
            set.setStatus(OpstreeStandaloneObjects.statefulSet(redis, image, Boolean.TRUE.equals(status.getReady()) ? 1 : 0).getStatus());
            set.getStatus().setObservedGeneration(set.getMetadata().getGeneration());
            client.apps().statefulSets().inNamespace(namespace).resource(set).updateStatus();
        }
    }

    private void apply(String namespace, HasMetadata object) {
        object.getMetadata().setNamespace(namespace);
        client.resource(object).inNamespace(namespace).patch(new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager("redis-operator").withForce(true).build());
    }
}

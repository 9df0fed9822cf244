package io.envsaga.simulation.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plays the cluster's controllers against the mock API server, which has none: completes
 * Deployment rollouts, makes pods fail the way the kubelet reports it, and sets custom
 * resources' status conditions as an operator would.
 */
public class ClusterControllers {

    private final KubernetesClient client;

    public ClusterControllers(KubernetesClient client) {
        this.client = client;
    }

    /** Marks a Deployment's rollout complete: every replica updated, ready and available. */
    public void completeRollout(String namespace, String name) {
        Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
        if (deployment == null) {
            throw new IllegalStateException("no Deployment " + namespace + "/" + name);
        }
        completeRollout(deployment);
    }

    public void completeRollouts(String namespace) {
        client.apps().deployments().inNamespace(namespace).list().getItems().forEach(this::completeRollout);
    }

    private void completeRollout(Deployment deployment) {
        int replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        Long generation = deployment.getMetadata().getGeneration() == null ? 1L : deployment.getMetadata().getGeneration();
        DeploymentCondition available = new DeploymentConditionBuilder().withType("Available").withStatus("True")
                .withReason("MinimumReplicasAvailable").withLastTransitionTime(Instant.now().toString()).build();
        DeploymentCondition progressing = new DeploymentConditionBuilder().withType("Progressing").withStatus("True")
                .withReason("NewReplicaSetAvailable").withLastTransitionTime(Instant.now().toString()).build();
        deployment.setStatus(new DeploymentStatusBuilder().withObservedGeneration(generation).withReplicas(replicas)
                .withUpdatedReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas)
                .withConditions(available, progressing).build());
        client.apps().deployments().inNamespace(deployment.getMetadata().getNamespace()).resource(deployment).updateStatus();
    }

    /**
     * Starts a controller that completes every rollout as soon as a Deployment is created or
     * changed, in the given namespaces (all of them when none is given). Close it to stop.
     */
    public AutoCloseable autoCompleteRollouts(String... namespaces) {
        Set<String> only = Set.of(namespaces);
        Map<String, Long> done = new ConcurrentHashMap<>();
        SharedIndexInformer<Deployment> informer = client.apps().deployments().inAnyNamespace().inform(InformerHandlers.onChange(
                deployment -> {
                    if (!only.isEmpty() && !only.contains(deployment.getMetadata().getNamespace())) {
                        return;
                    }
                    // our own status update changes the resource version too: complete each spec once
                    int specHash = deployment.getSpec().hashCode();
                    if (Long.valueOf(specHash).equals(done.put(InformerHandlers.key(deployment), (long) specHash))) {
                        return;
                    }
                    completeRollout(deployment);
                },
                deployment -> done.remove(InformerHandlers.key(deployment))));
        return informer::close;
    }

    /**
     * Makes a Deployment's pod fail to start, as the kubelet reports it: {@code ImagePullBackOff},
     * {@code ErrImagePull}, {@code CrashLoopBackOff} (with a termination message) and so on.
     */
    public Pod failPod(String namespace, String deployment, String reason, String message) {
        Pod pod = podOf(namespace, deployment);
        pod.getStatus().getContainerStatuses().get(0).setState(new io.fabric8.kubernetes.api.model.ContainerStateBuilder()
                .withNewWaiting().withReason(reason).withMessage(message).endWaiting().build());
        return client.pods().inNamespace(namespace).resource(pod).create();
    }

    /**
     * Makes a Deployment's pod crash in a loop, as the kubelet reports it: waiting in
     * {@code CrashLoopBackOff} after {@code restarts} restarts, the last run terminated with the
     * given message (what the container wrote to its termination log).
     */
    public Pod crashLoop(String namespace, String deployment, int restarts, String terminationMessage) {
        Pod pod = podOf(namespace, deployment);
        pod.getStatus().getContainerStatuses().get(0).setRestartCount(restarts);
        pod.getStatus().getContainerStatuses().get(0).setState(new io.fabric8.kubernetes.api.model.ContainerStateBuilder()
                .withNewWaiting().withReason("CrashLoopBackOff")
                .withMessage("back-off 40s restarting failed container=" + deployment).endWaiting().build());
        pod.getStatus().getContainerStatuses().get(0).setLastState(new io.fabric8.kubernetes.api.model.ContainerStateBuilder()
                .withNewTerminated().withExitCode(1).withReason("Error").withMessage(terminationMessage).endTerminated().build());
        pod.getStatus().setPhase("Running");
        return client.pods().inNamespace(namespace).resource(pod).create();
    }

    /** Makes a Deployment's pod unschedulable, with the scheduler's message. */
    public Pod unschedulable(String namespace, String deployment, String schedulerMessage) {
        Pod pod = podOf(namespace, deployment);
        pod.getStatus().setContainerStatuses(List.of());
        pod.getStatus().setConditions(List.of(new io.fabric8.kubernetes.api.model.PodConditionBuilder().withType("PodScheduled")
                .withStatus("False").withReason("Unschedulable").withMessage(schedulerMessage).build()));
        return client.pods().inNamespace(namespace).resource(pod).create();
    }

    /** Reports a rollout under way: the spec's replicas, of which {@code available} are available. */
    public void partialRollout(String namespace, String name, int available) {
        Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
        if (deployment == null) {
            throw new IllegalStateException("no Deployment " + namespace + "/" + name);
        }
        int replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        deployment.setStatus(new DeploymentStatusBuilder().withObservedGeneration(deployment.getMetadata().getGeneration())
                .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(available)
                .withAvailableReplicas(available).withUnavailableReplicas(replicas - available).build());
        client.apps().deployments().inNamespace(namespace).resource(deployment).updateStatus();
    }

    private Pod podOf(String namespace, String deployment) {
        Deployment owner = client.apps().deployments().inNamespace(namespace).withName(deployment).get();
        if (owner == null) {
            throw new IllegalStateException("no Deployment " + namespace + "/" + deployment);
        }
        String image = owner.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        return new PodBuilder()
                .withNewMetadata().withName(deployment + "-" + Long.toHexString(System.nanoTime() & 0xffffff))
                .withNamespace(namespace).withLabels(new HashMap<>(owner.getSpec().getSelector().getMatchLabels())).endMetadata()
                .withNewSpec().addNewContainer().withName(deployment).withImage(image).endContainer().endSpec()
                .withNewStatus().withPhase("Pending")
                .addNewContainerStatus().withName(deployment).withImage(image).withReady(false).withRestartCount(0)
                .endContainerStatus().endStatus()
                .build();
    }

    /** Sets (or replaces) one status condition of a custom resource, as its operator would. */
    public GenericKubernetesResource setCondition(ResourceDefinitionContext kind, String namespace, String name,
                                                  String type, String status, String reason, String message) {
        return writeStatus(kind, namespace, name, false, new String[] {type, status, reason, message});
    }

    /**
     * Writes a custom resource's status as its operator does after reconciling the latest spec:
     * {@code observedGeneration} caught up with {@code metadata.generation}, and the given
     * conditions set (each {@code type, status, reason, message}).
     */
    public GenericKubernetesResource reconciled(ResourceDefinitionContext kind, String namespace, String name, String[]... conditions) {
        return writeStatus(kind, namespace, name, true, conditions);
    }

    private GenericKubernetesResource writeStatus(ResourceDefinitionContext kind, String namespace, String name, boolean observed,
                                                  String[]... conditions) {
        GenericKubernetesResource resource = client.genericKubernetesResources(kind).inNamespace(namespace).withName(name).get();
        if (resource == null) {
            throw new IllegalStateException("no " + kind.getKind() + " " + namespace + "/" + name);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> statusMap = (Map<String, Object>) resource.getAdditionalProperties()
                .computeIfAbsent("status", k -> new HashMap<String, Object>());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> current = new ArrayList<>((List<Map<String, Object>>) statusMap.getOrDefault("conditions", List.of()));
        for (String[] c : conditions) {
            current.removeIf(existing -> c[0].equals(existing.get("type")));
            Map<String, Object> condition = new HashMap<>();
            condition.put("type", c[0]);
            condition.put("status", c[1]);
            condition.put("reason", c[2]);
            condition.put("message", c[3]);
            condition.put("lastTransitionTime", Instant.now().toString());
            current.add(condition);
        }
        statusMap.put("conditions", current);
        if (observed) {
            statusMap.put("observedGeneration", resource.getMetadata().getGeneration() == null ? 1L : resource.getMetadata().getGeneration());
        }
        // through the status subresource, as an operator writes it (the CRDs of the test cluster have one)
        return client.genericKubernetesResources(kind).inNamespace(namespace).resource(resource).updateStatus();
    }

    /** The RabbitMQ cluster operator's status of a running cluster (rabbitmq/cluster-operator internal/status/). */
    public GenericKubernetesResource rabbitmqClusterRunning(String namespace, String name) {
        return reconciled(RABBITMQ_CLUSTER, namespace, name, new String[] {"AllReplicasReady", "True", "", ""},
                new String[] {"ClusterAvailable", "True", "", ""}, new String[] {"NoWarnings", "True", "", ""},
                new String[] {"ReconcileSuccess", "True", "Success", "Finish reconciling"});
    }

    /** The topology operator's {@code Ready=True} (messaging-topology-operator api/v1beta1/conditions.go). */
    public GenericKubernetesResource topologyReady(ResourceDefinitionContext kind, String namespace, String name) {
        return reconciled(kind, namespace, name, new String[] {"Ready", "True", "SuccessfulCreateOrUpdate", ""});
    }

    /**
     * The topology operator's {@code Ready=False}, reason {@code FailedCreateOrUpdate}, with the
     * broker's error; {@code observedGeneration} stays (it moves only on success:
     * messaging-topology-operator internal/controller/topology_controller.go lines 108-123).
     */
    public GenericKubernetesResource topologyFailed(ResourceDefinitionContext kind, String namespace, String name, String error) {
        return writeStatus(kind, namespace, name, false, new String[] {"Ready", "False", "FailedCreateOrUpdate", error});
    }

    public static final ResourceDefinitionContext RABBITMQ_CLUSTER = new ResourceDefinitionContext.Builder().withGroup("rabbitmq.com")
            .withVersion("v1beta1").withKind("RabbitmqCluster").withPlural("rabbitmqclusters").withNamespaced(true).build();
}

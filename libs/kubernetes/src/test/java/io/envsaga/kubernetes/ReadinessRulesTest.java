package io.envsaga.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Deployment rollout rule and the pod failure reasons, on objects as the API server reports them. */
class ReadinessRulesTest {

    private static final String IMAGE = "ghcr.io/skkuding/codedang-client-api:sha-1";
    private final ReadinessRule rollout = ReadinessRules.rollout(new PodFailures(3));

    @Test
    void readyOnlyWhenTheControllerHasSeenTheLatestSpecAndEveryReplicaIsUpdatedAndAvailable() {
        assertThat(check(deployment(3, 3, 2L, 3, 3, 3), List.of())).isEqualTo(Readiness.waiting("client-api 0/3 available"));
        assertThat(check(deployment(3, 3, 3L, 3, 2, 3), List.of())).isEqualTo(Readiness.waiting("client-api 2/3 available"));
        assertThat(check(deployment(3, 3, 3L, 3, 2, 4), List.of())).isEqualTo(Readiness.waiting("client-api 2/3 available"));
        assertThat(check(deployment(3, 3, 3L, 2, 3, 3), List.of())).isEqualTo(Readiness.waiting("client-api 3/3 available"));
        assertThat(check(deployment(3, 3, 3L, 3, 3, 3), List.of())).isEqualTo(Readiness.ready("client-api 3/3 available"));
        assertThat(check(null, List.of())).isEqualTo(Readiness.waiting("client-api not created yet"));
    }

    @Test
    void imagePullFailuresFailAtOnceWithTheImage() {
        Readiness readiness = check(deployment(1, 2, 1L, 2, 0, 2), List.of(waiting(IMAGE, "ErrImagePull", "manifest unknown", 0)));

        assertThat(readiness).isEqualTo(Readiness.failed("client-api: ErrImagePull for image " + IMAGE + ": manifest unknown"));
    }

    @Test
    void aCrashLoopFailsOnlyAfterTheConfiguredRestartsWithTheLastTerminationMessage() {
        Pod twice = crashing(2, "connect ECONNREFUSED 10.0.0.7:5672");
        Pod thrice = crashing(3, "connect ECONNREFUSED 10.0.0.7:5672\n    at TCPConnectWrap");

        assertThat(check(deployment(1, 2, 1L, 2, 0, 2), List.of(twice)).state()).isEqualTo(Readiness.State.WAITING);
        assertThat(check(deployment(1, 2, 1L, 2, 0, 2), List.of(thrice)).message()).isEqualTo(
                "client-api: CrashLoopBackOff after 3 restarts of container client-api, last exit code 1: "
                        + "connect ECONNREFUSED 10.0.0.7:5672 | at TCPConnectWrap");
    }

    @Test
    void whatMayResolveItselfIsNotAFailure() {
        // the Secret comes from another step that runs in parallel
        Pod missingSecret = waiting(IMAGE, "CreateContainerConfigError", "secret \"codedang-stage-postgres-credentials\" not found", 0);

        assertThat(check(deployment(1, 2, 1L, 2, 0, 2), List.of(missingSecret)).state()).isEqualTo(Readiness.State.WAITING);
    }

    @Test
    void podsOfAnOlderTemplateDoNotFailTheNewRollout() {
        Pod old = waiting("ghcr.io/skkuding/codedang-client-api:sha-0", "ImagePullBackOff", "not found", 0);

        assertThat(check(deployment(2, 2, 2L, 1, 1, 2), List.of(old)).state()).isEqualTo(Readiness.State.WAITING);
    }

    @Test
    void anExceededProgressDeadlineFails() {
        Deployment stuck = new DeploymentBuilder(deployment(1, 1, 1L, 0, 0, 1)).editStatus().addNewCondition().withType("Progressing")
                .withStatus("False").withReason("ProgressDeadlineExceeded")
                .withMessage("ReplicaSet \"client-api-7d9\" has timed out progressing.").endCondition().endStatus().build();

        assertThat(check(stuck, List.of())).isEqualTo(
                Readiness.failed("client-api: ProgressDeadlineExceeded: ReplicaSet \"client-api-7d9\" has timed out progressing."));
    }

    @Test
    void anUnschedulablePodFailsWithTheSchedulersMessage() {
        Pod pending = new PodBuilder(pod(IMAGE)).editStatus().addNewCondition().withType("PodScheduled").withStatus("False")
                .withReason("Unschedulable").withMessage("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity.")
                .endCondition().endStatus().build();

        assertThat(new PodFailures(3).of(List.of(pending)))
                .contains("Unschedulable: 0/3 nodes are available: 3 node(s) didn't match Pod's node affinity.");
    }

    // --- helpers

    private Readiness check(Deployment deployment, List<Pod> pods) {
        return rollout.check(deployment, "client-api", selector -> pods.stream()
                .filter(p -> p.getMetadata().getLabels().entrySet().containsAll(selector.entrySet())).toList());
    }

    private static Deployment deployment(long generation, int replicas, Long observed, int updated, int available, int total) {
        return new DeploymentBuilder().withNewMetadata().withName("client-api").withGeneration(generation).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(Map.of("app", "client-api")).endSelector()
                .withNewTemplate().withNewSpec().addNewContainer().withName("client-api").withImage(IMAGE).endContainer().endSpec()
                .endTemplate().endSpec()
                .withNewStatus().withObservedGeneration(observed).withUpdatedReplicas(updated).withAvailableReplicas(available)
                .withReplicas(total).endStatus().build();
    }

    private static Pod pod(String image) {
        return new PodBuilder().withNewMetadata().withName("client-api-1").withLabels(Map.of("app", "client-api")).endMetadata()
                .withNewSpec().addNewContainer().withName("client-api").withImage(image).endContainer().endSpec()
                .withNewStatus().endStatus().build();
    }

    private static Pod waiting(String image, String reason, String message, int restarts) {
        return new PodBuilder(pod(image)).editStatus().addNewContainerStatus().withName("client-api").withImage(image)
                .withRestartCount(restarts).withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState()
                .endContainerStatus().endStatus().build();
    }

    private static Pod crashing(int restarts, String lastMessage) {
        return new PodBuilder(waiting(IMAGE, "CrashLoopBackOff", "back-off 20s restarting failed container", restarts)).editStatus()
                .editContainerStatus(0).withNewLastState().withNewTerminated().withExitCode(1).withMessage(lastMessage).endTerminated()
                .endLastState().endContainerStatus().endStatus().build();
    }
}

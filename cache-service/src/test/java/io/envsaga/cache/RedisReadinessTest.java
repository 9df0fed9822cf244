package io.envsaga.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.kubernetes.ClusterView;
import io.envsaga.kubernetes.PodFailures;
import io.envsaga.kubernetes.Readiness;
import io.envsaga.simulation.specs.Examples;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Opstree operator writes no status for a Redis: readiness is its pod's. */
class RedisReadinessTest {

    private static final GenericKubernetesResource REDIS = Redises.desired(Examples.example("codedang-stage"), CacheProperties.standard());
    private static final String NAME = "codedang-stage-redis";
    private final RedisReadiness rule = new RedisReadiness(new PodFailures(3));

    @Test
    void waitsForTheObjectAndThenForTheOperatorsPod() {
        assertThat(rule.check(null, NAME, pods()).state()).isEqualTo(Readiness.State.WAITING);
        assertThat(rule.check(REDIS, NAME, pods()).message()).isEqualTo(NAME + " waiting for the operator's pod");
    }

    @Test
    void readyWhenThePodOfTheCurrentSpecIsReady() {
        assertThat(rule.check(REDIS, NAME, pods(pod(hash(), "quay.io/opstree/redis:v7.0.15", "False"))).message())
                .isEqualTo(NAME + " pod not ready yet");
        assertThat(rule.check(REDIS, NAME, pods(pod(hash(), "quay.io/opstree/redis:v7.0.15", "True"))).isReady()).isTrue();
    }

    @Test
    void aReadyPodOfAnEarlierConfigOrImageIsNotReadiness() {
        assertThat(rule.check(REDIS, NAME, pods(pod("0123456789abcdef", "quay.io/opstree/redis:v7.0.15", "True"))).message())
                .isEqualTo(NAME + " pod runs an earlier spec");
        assertThat(rule.check(REDIS, NAME, pods(pod(hash(), "quay.io/opstree/redis:v7.0.12", "True"))).isReady()).isFalse();
    }

    @Test
    void aCrashLoopFailsWithTheLastTerminationMessage() {
        Pod crashing = new PodBuilder(pod(hash(), "quay.io/opstree/redis:v7.0.15", "False")).editStatus()
                .addNewContainerStatus().withName(NAME).withRestartCount(3)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
                .withNewLastState().withNewTerminated().withExitCode(1).withMessage("*** FATAL CONFIG FILE ERROR ***\nBad directive")
                .endTerminated().endLastState().endContainerStatus().endStatus().build();

        Readiness readiness = rule.check(REDIS, NAME, pods(crashing));

        assertThat(readiness.isFailed()).isTrue();
        assertThat(readiness.message()).isEqualTo(NAME + ": CrashLoopBackOff after 3 restarts of container " + NAME
                + ", last exit code 1: *** FATAL CONFIG FILE ERROR *** | Bad directive");
    }

    private static String hash() {
        return REDIS.getMetadata().getAnnotations().get(Redises.CONFIG_HASH_ANNOTATION);
    }

    private static Pod pod(String hash, String image, String ready) {
        return new PodBuilder().withNewMetadata().withName(NAME + "-0").withLabels(RedisReadiness.podSelector(NAME))
                .addToAnnotations(Redises.CONFIG_HASH_ANNOTATION, hash).endMetadata()
                .withNewSpec().addNewContainer().withName(NAME).withImage(image).endContainer().endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready).endCondition().endStatus().build();
    }

    private static ClusterView pods(Pod... pods) {
        return selector -> List.of(pods).stream()
                .filter(p -> p.getMetadata().getLabels().entrySet().containsAll(selector.entrySet())).toList();
    }
}

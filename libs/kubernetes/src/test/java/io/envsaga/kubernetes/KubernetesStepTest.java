package io.envsaga.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.Environment;
import io.envsaga.participant.StepContext;
import io.envsaga.participant.StepResult;
import io.envsaga.testsupport.kubernetes.KubernetesTestCluster;
import io.envsaga.simulation.specs.TestSpecs;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the skeleton does for every step: skip, the {@code pruned} outcome, the hooks around a release. */
class KubernetesStepTest {

    @RegisterExtension
    static final KubernetesTestCluster cluster = new KubernetesTestCluster();

    private static final ManagedKind CONFIG_MAP = ManagedKind.of(ConfigMap.class);

    private final EnvironmentApplier applier = new EnvironmentApplier(cluster.client(),
            new KubernetesSettings(null, null, Duration.ofSeconds(30), Duration.ofSeconds(10), 3));
    private final List<String> calls = new ArrayList<>();

    @Test
    void aStepReportsItsOwnOutputsAndWhatTheApplyPruned() throws InterruptedException {
        Environment env = TestSpecs.preview("ks-pruned", "img");
        ConfigMapsStep step = new ConfigMapsStep("a", "b");
        StepResult first = step.apply(context(StepContext.Command.APPLY, env, 1));
        step.names = List.of("a");

        StepResult second = step.apply(context(StepContext.Command.APPLY, env, 2));

        assertThat(first.outputs()).isEqualTo(Map.of("configMaps", "a,b"));
        assertThat(second.outputs()).isEqualTo(Map.of("configMaps", "a", "pruned", "ConfigMap b"));
        assertThat(calls).containsExactly("whenReady", "whenReady");
    }

    @Test
    void nothingOfTheStepInTheSpecIsASkipThatStillPrunes() throws InterruptedException {
        Environment env = TestSpecs.preview("ks-skip", "img");
        ConfigMapsStep step = new ConfigMapsStep("a");
        step.apply(context(StepContext.Command.APPLY, env, 1));
        step.names = List.of();

        StepResult result = step.apply(context(StepContext.Command.APPLY, env, 2));

        assertThat(result.skipped()).isTrue();
        assertThat(calls).containsExactly("whenReady");
        assertThat(cluster.client().configMaps().inNamespace("ks-skip").withName("a").get()).isNull();
    }

    @Test
    void aReleaseRunsItsHooksAroundTheLibrarysReleaseAndLetsGoOfTheNamespace() throws InterruptedException {
        Environment env = TestSpecs.preview("ks-release", "img");
        ConfigMapsStep step = new ConfigMapsStep("a");
        step.apply(context(StepContext.Command.APPLY, env, 1));

        step.release(context(StepContext.Command.DELETE, env, 1));

        assertThat(calls).containsExactly("whenReady", "beforeRelease: a still there", "retention", "deleteWhatReleaseKept: a gone");
        assertThat(cluster.client().namespaces().withName("ks-release").get()).as("its only holder released it").isNull();
    }

    private static StepContext context(StepContext.Command command, Environment env, long generation) {
        return StepContext.direct(command, env, generation, message -> { });
    }

    /** A step of ConfigMaps named by the test, ready once applied; it records which hooks ran, in order. */
    private final class ConfigMapsStep extends KubernetesStep {

        List<String> names;

        ConfigMapsStep(String... names) {
            super(applier, Step.CACHE, (environment, generation) ->
                    new Target(environment.name(), environment.namespace(), "config", generation, List.of(CONFIG_MAP)));
            this.names = List.of(names);
        }

        @Override
        protected List<List<Desired>> desired(Environment environment) {
            return List.of(names.stream().map(name -> Desired.of(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
                    .addToData("k", "v").build(), ReadinessRules.applied())).toList());
        }

        @Override
        protected Map<String, String> whenReady(StepContext context) {
            calls.add("whenReady");
            return Map.of("configMaps", String.join(",", names));
        }

        @Override
        protected Retention retention(Environment environment) {
            calls.add("retention");
            return Retention.DELETE_ALL;
        }

        @Override
        protected void beforeRelease(StepContext context) {
            calls.add("beforeRelease: a " + (exists(context, "a") ? "still there" : "gone"));
        }

        @Override
        protected boolean deleteWhatReleaseKept(StepContext context) {
            calls.add("deleteWhatReleaseKept: a " + (exists(context, "a") ? "still there" : "gone"));
            return true;
        }

        private boolean exists(StepContext context, String name) {
            return cluster.client().configMaps().inNamespace(context.environment().namespace()).withName(name).get() != null;
        }
    }
}

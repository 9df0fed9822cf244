package io.envsaga.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.spec.CacheSpec;
import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.EnvironmentSpec;
import io.envsaga.contracts.spec.Workload;
import io.envsaga.kubernetes.Desired;
import io.envsaga.kubernetes.KubernetesSettings;
import io.envsaga.simulation.specs.Examples;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheRenderingTest {

    private static final Environment STAGE = Examples.example("codedang-stage");

    @Test
    void withoutAuthThereIsNoSecretAndTheRedisNamesNone() {
        List<Desired> desired = desired(STAGE);

        assertThat(desired).extracting(Desired::describe)
                .containsExactly("ConfigMap codedang-stage-redis-config", "Redis codedang-stage-redis");
        assertThat(kubernetesConfig(STAGE)).doesNotContainKey("redisSecret");
    }

    @Test
    void theSecretIsCreatedOnceAndTheRedisComesAfterItAndTheConfig() {
        List<List<Desired>> groups = CacheObjects.desired(Examples.example("codedang-production"), CacheProperties.standard(),
                KubernetesSettings.defaults().podFailures(), "pw");

        assertThat(groups).hasSize(2);
        assertThat(groups.get(0)).extracting(Desired::describe)
                .containsExactly("Secret codedang-production-redis-auth", "ConfigMap codedang-production-redis-config");
        assertThat(groups.get(0).get(0).createOnly()).isTrue();
        assertThat(groups.get(1)).extracting(Desired::describe).containsExactly("Redis codedang-production-redis");
    }

    @Test
    void defaultResourcesLeaveAQuarterAboveMaxmemoryAndRequestWhatTheyLimit() {
        assertThat(kubernetesConfig(STAGE).get("resources")).isEqualTo(Map.of(
                "requests", Map.of("cpu", "100m", "memory", "320Mi"), "limits", Map.of("cpu", "1", "memory", "320Mi")));
    }

    @Test
    void givenResourcesWinAndARequestAboveTheDefaultLimitRaisesIt() {
        Environment given = withCache(STAGE, new CacheSpec("256Mi", null, false, false, "redis:7.2.5",
                new Workload.Resources(new Workload.Quantities("2", "1Gi"), null)));

        assertThat(kubernetesConfig(given).get("resources")).isEqualTo(Map.of(
                "requests", Map.of("cpu", "2", "memory", "1Gi"), "limits", Map.of("cpu", "2", "memory", "1Gi")));
        assertThat(kubernetesConfig(given).get("image")).isEqualTo("redis:7.2.5");
    }

    @Test
    void theConfigFileCarriesTheSettingsAndAChangedSettingChangesTheHash() {
        Environment volatileTtl = withCache(STAGE, new CacheSpec("64Mi", CacheSpec.MaxmemoryPolicy.VOLATILE_TTL, false, false, null, null));

        assertThat(RedisConfigMaps.desired(volatileTtl).getData().get(RedisConfigMaps.KEY))
                .isEqualTo("maxmemory 67108864\nmaxmemory-policy volatile-ttl\nsave \"\"\nappendonly no\n");
        assertThat(Redises.desired(volatileTtl, CacheProperties.standard()).getMetadata().getAnnotations().get(Redises.CONFIG_HASH_ANNOTATION))
                .isNotEqualTo(Redises.desired(STAGE, CacheProperties.standard()).getMetadata().getAnnotations().get(Redises.CONFIG_HASH_ANNOTATION));
    }

    @Test
    void aSpecWithoutACacheWantsNothing() {
        assertThat(desired(withCache(STAGE, null))).isEmpty();
    }

    @Test
    void generatedPasswordsAreLongUrlSafeAndDifferent() {
        String one = RedisAuthSecrets.generatePassword();
        assertThat(one).hasSize(43).matches("[A-Za-z0-9_-]+").isNotEqualTo(RedisAuthSecrets.generatePassword());
    }

    static Environment withCache(Environment environment, CacheSpec cache) {
        EnvironmentSpec s = environment.spec();
        return new Environment(environment.apiVersion(), environment.kind(), environment.metadata(),
                new EnvironmentSpec(s.tier(), s.namespace(), s.cluster(), s.dns(), s.ingress(), s.workloads(), s.messaging(), cache, s.storage()));
    }

    private static List<Desired> desired(Environment environment) {
        return CacheObjects.desired(environment, CacheProperties.standard(), KubernetesSettings.defaults().podFailures(), "pw")
                .stream().flatMap(List::stream).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> kubernetesConfig(Environment environment) {
        Map<String, Object> spec = (Map<String, Object>) Redises.desired(environment, CacheProperties.standard()).getAdditionalProperties().get("spec");
        return (Map<String, Object>) spec.get("kubernetesConfig");
    }
}

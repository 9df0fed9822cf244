package io.envsaga.contracts.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.events.Step;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ExamplesTest {

    private final EnvironmentValidator validator = new EnvironmentValidator();

    @ParameterizedTest
    @ValueSource(strings = {"codedang-stage.yaml", "codedang-production.yaml", "codedang-preview.yaml"})
    void everyExampleValidates(String file) {
        ValidationResult result = validator.validate(Examples.read(file));
        assertThat(result.violations()).isEmpty();
        assertThat(result.environment().apiVersion()).isEqualTo("envsaga.io/v1");
    }

    @Test
    void stageExampleReadsAsCodedangsSetup() {
        Environment stage = validator.validate(Examples.read("codedang-stage.yaml")).orThrow();
        assertThat(stage.name()).isEqualTo("codedang-stage");
        assertThat(stage.namespace()).isEqualTo("codedang-stage");
        assertThat(stage.spec().tier()).isEqualTo(Tier.STAGE);
        assertThat(stage.spec().workloads()).extracting(Workload::name).containsExactly("client-api", "admin-api", "frontend", "iris");
        assertThat(stage.spec().workloads()).extracting(Workload::port).containsExactly(4000, 3000, 5525, null);
        Workload iris = stage.spec().workloads().get(3);
        assertThat(iris.privileged()).isTrue();
        assertThat(iris.uses()).containsExactly(Dependency.RABBITMQ);
        assertThat(stage.spec().messaging().vhost()).isEqualTo("vh");
        assertThat(stage.spec().messaging().queues().get(0).arguments()).containsEntry("x-max-priority", 3);
        assertThat(stage.spec().storage().minio().buckets()).containsExactly("codedang-testcase", "codedang-media", "codedang-plag-checks");
        assertThat(stage.spec().dns().ttl()).isEqualTo(300);
        assertThat(stage.spec().ingress().kind()).isEqualTo(IngressKind.Ingress);
        assertThat(stage.spec().cache()).isEqualTo(new CacheSpec("256Mi", CacheSpec.MaxmemoryPolicy.ALLKEYS_LRU, false, false, null, null));
    }

    @Test
    void productionsCacheRequiresAPassword() {
        Environment production = validator.validate(Examples.read("codedang-production.yaml")).orThrow();
        assertThat(production.spec().cache().auth()).isTrue();
        assertThat(production.spec().cache().memory()).isEqualTo("1Gi");
        assertThat(production.spec().cache().maxmemoryPolicy().redisName()).isEqualTo("allkeys-lru");
    }

    @Test
    void previewDefaultsItsNamespaceToItsName() {
        Environment preview = validator.validate(Examples.read("codedang-preview.yaml")).orThrow();
        assertThat(preview.namespace()).isEqualTo("codedang-pr-1234");
        assertThat(preview.spec().workloads()).hasSize(1);
        assertThat(preview.spec().storage()).isNull();
    }

    @Test
    void aSpecSurvivesTheRoundTripThroughJsonAndYaml() {
        Environment stage = validator.validate(Examples.read("codedang-stage.yaml")).orThrow();
        assertThat(validator.validate(SpecMapper.toJson(stage)).orThrow()).isEqualTo(stage);
        assertThat(validator.validate(SpecMapper.toYaml(stage)).orThrow()).isEqualTo(stage);
        assertThat(List.of(Step.values())).hasSize(5);
    }
}

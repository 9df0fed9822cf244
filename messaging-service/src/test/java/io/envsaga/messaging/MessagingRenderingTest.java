package io.envsaga.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.EnvironmentValidator;
import io.envsaga.contracts.spec.MessagingNames;
import io.envsaga.contracts.spec.Violation;
import io.envsaga.kubernetes.Desired;
import io.envsaga.kubernetes.EnvironmentApplier;
import io.envsaga.testsupport.golden.GoldenFiles;
import io.envsaga.simulation.specs.TestSpecs;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The rendered objects (golden files of the Codedang examples), the name mapping and the submit-time rules. */
class MessagingRenderingTest {

    @ParameterizedTest
    @ValueSource(strings = {"codedang-stage", "codedang-production"})
    void renderedObjectsMatchTheGoldenFile(String example) {
        Environment environment = TestSpecs.validated(TestSpecs.exampleYaml(example));
        List<Desired> all = MessagingObjects.groups(environment, MessagingProperties.standard()).stream().flatMap(List::stream).toList();

        GoldenFiles.assertMatches(example, EnvironmentApplier.stamped(MessagingObjects.target(environment, 1), all));
    }

    @Test
    void groupsAreTheClusterThenVhostAndUsersThenExchangesQueuesAndPermissionsThenBindings() {
        Environment stage = TestSpecs.validated(TestSpecs.exampleYaml("codedang-stage"));

        List<List<String>> kinds = MessagingObjects.groups(stage, MessagingProperties.standard()).stream()
                .map(g -> g.stream().map(d -> d.kind().kind()).distinct().toList()).toList();

        assertThat(kinds).containsExactly(List.of("RabbitmqCluster"), List.of("Vhost", "User"), List.of("Exchange", "Queue", "Permission"),
                List.of("Binding"));
    }

    @Test
    void productionRunsThreeReplicasAndStageOne() {
        assertThat(replicas("codedang-production")).isEqualTo(3);
        assertThat(replicas("codedang-stage")).isEqualTo(1);
    }

    @Test
    void rabbitmqNamesMapToValidKubernetesNamesOneToOne() {
        List<String> names = List.of("client.q.judge.submission", "Client.q", "client.Q", "client_q", "client-q", "client--q", "client.-q",
                "a.", ".a", "a..b", "a/b", "a:b", "-", "--", "A", "a-", "a-.b", "a_-b", "a-_b", "x-1", "x.1");
        Set<String> mapped = new HashSet<>();
        for (String name : names) {
            String object = MessagingNames.queue(name);
            assertThat(object).as(name).matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
            assertThat(mapped.add(object)).as("%s maps to %s, as another name does", name, object).isTrue();
        }
        assertThat(MessagingNames.queue("client.q.judge.submission")).isEqualTo("queue-client.q.judge.submission");
        assertThat(MessagingNames.binding("iris.e.direct.judge", "client.q.judge.submission", "judge.submission"))
                .isEqualTo("binding-iris.e.direct.judge-5client.q.judge.submission-5judge.submission");
    }

    @Test
    void aSpecWhoseObjectsWouldCollideOrCannotBeDeclaredIsRejectedAtSubmitWithThePath() {
        String yaml = TestSpecs.exampleYaml("codedang-stage")
                .replace("- { exchange: iris.e.direct.judge, queue: iris.q.judge.result, routingKey: judge.result }",
                        "- { exchange: iris.e.direct.judge, queue: iris.q.judge.result, routingKey: judge.result }\n"
                                + "      - { exchange: iris.e.direct.judge, queue: iris.q.judge.result, routingKey: judge.result }")
                .replace("{ name: plag.q.check.result, type: quorum }", "{ name: plag.q.check.result, type: quorum, arguments: { x-max-priority: 2 } }")
                .replace("{ name: iris, permissions", "{ name: Iris_Judge, permissions")
                .replace("{ name: plag.e.direct.check, type: direct }", "{ name: " + "P".repeat(250) + ", type: direct }");

        List<Violation> violations = new EnvironmentValidator().validate(yaml).violations();

        assertThat(violations).extracting(Violation::path).contains("spec.messaging.bindings[2]", "spec.messaging.queues[3].arguments.x-max-priority",
                "spec.messaging.users[2].name", "spec.messaging.exchanges[1].name");
        assertThat(violations).extracting(Violation::message).anyMatch(m -> m.startsWith("duplicate binding of exchange 'iris.e.direct.judge'"))
                .anyMatch(m -> m.equals("not supported by quorum queues (RabbitMQ refuses the declaration): use type: classic"));
    }

    private static Object replicas(String example) {
        Environment environment = TestSpecs.validated(TestSpecs.exampleYaml(example));
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> spec = (java.util.Map<String, Object>) RabbitmqClusters.desired(environment, MessagingProperties.standard())
                .getAdditionalProperties().get("spec");
        return spec.get("replicas");
    }
}

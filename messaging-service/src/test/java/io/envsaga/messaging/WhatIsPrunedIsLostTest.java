package io.envsaga.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.EnvironmentValidator;
import io.envsaga.contracts.spec.SpecEffects;
import io.envsaga.kubernetes.Desired;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The orchestrator requires the delete right for what {@link SpecEffects#lost} reports: whatever
 * this step's renderer would prune between two generations must be reported there (docs/security.md,
 * "Removing is deleting, however the spec says it").
 */
class WhatIsPrunedIsLostTest {

    private static final String BEFORE = """
            apiVersion: envsaga.io/v1
            kind: Environment
            metadata: { name: acme }
            spec:
              tier: preview
              messaging:
                vhost: judge
                exchanges: [ { name: iris } ]
                queues: [ { name: submissions }, { name: results } ]
                bindings: [ { exchange: iris, queue: submissions, routingKey: judge } ]
                users: [ { name: api } ]
            """;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "vhost: judge|vhost: judge2",
            "routingKey: judge|routingKey: other",
            "bindings: [ { exchange: iris, queue: submissions, routingKey: judge } ]|bindings: []",
            ", { name: results }|",
            "users: [ { name: api } ]|users: [ { name: web } ]",
            "queue: submissions, routingKey|queue: results, routingKey"
    })
    void whatTheRendererWouldPruneIsReportedLost(String from, String to) {
        Environment before = spec(BEFORE);
        Environment after = spec(BEFORE.replace(from, to == null ? "" : to));

        Set<String> pruned = objects(before);
        pruned.removeAll(objects(after));

        assertThat(pruned).as("the mutation prunes something").isNotEmpty();
        assertThat(SpecEffects.lost(before, after)).as("pruned " + pruned).isNotEmpty();
    }

    private static Set<String> objects(Environment environment) {
        Set<String> objects = new HashSet<>();
        for (List<Desired> group : MessagingObjects.groups(environment, MessagingProperties.standard())) {
            for (Desired desired : group) {
                objects.add(environment.namespace() + "/" + desired.kind().kind() + "/" + desired.object().getMetadata().getName());
            }
        }
        return objects;
    }

    private static Environment spec(String yaml) {
        return new EnvironmentValidator().validate(yaml).orThrow();
    }
}

package io.envsaga.messaging;

import static io.envsaga.testsupport.specs.PrunedIsLost.assertPrunedIsLost;

import io.envsaga.contracts.spec.Environment;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What this step would prune between two generations needs the delete right ({@link io.envsaga.contracts.spec.SpecEffects}). */
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
            "queue: submissions, routingKey|queue: results, routingKey"})
    void whatTheRendererWouldPruneIsReportedLost(String from, String to) {
        assertPrunedIsLost(BEFORE, BEFORE.replace(from, to == null ? "" : to), WhatIsPrunedIsLostTest::objects);
    }

    private static Set<String> objects(Environment environment) {
        return MessagingObjects.groups(environment, MessagingProperties.standard()).stream().flatMap(List::stream)
                .map(desired -> environment.namespace() + "/" + desired.kind().kind() + "/" + desired.object().getMetadata().getName())
                .collect(Collectors.toSet());
    }
}

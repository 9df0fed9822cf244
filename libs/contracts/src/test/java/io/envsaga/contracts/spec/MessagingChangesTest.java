package io.envsaga.contracts.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MessagingChangesTest {

    /** A stage environment with messaging in vhost vh; what follows is its messaging. */
    private static final String ENVIRONMENT = """
            apiVersion: envsaga.io/v1
            kind: Environment
            metadata: { name: mq }
            spec:
              tier: stage
              messaging:
                vhost: vh
            """;

    private static final String SPEC = ENVIRONMENT + """
                exchanges: [ { name: iris.e.direct.judge, type: %s } ]
                queues:
                  - { name: client.q.judge.submission, type: %s, arguments: { x-max-priority: %s } }
                  - { name: other, type: quorum }
            """;

    /** An exchange, a queue, a binding between them and a user. */
    private static final String BOUND = ENVIRONMENT + """
                exchanges: [ { name: e } ]
                queues: [ { name: q } ]
                bindings: [ { exchange: e, queue: q, routingKey: k } ]
                users: [ { name: app, permissions: { read: ".*" } } ]
            """;

    @Test
    void aQueuesTypeOrArgumentsOrAnExchangesTypeCannotChangeInPlace() {
        Environment before = spec("direct", "classic", "3");

        List<Violation> violations = MessagingChanges.impossible(before, spec("topic", "classic", "5"));

        assertThat(violations).extracting(Violation::path).containsExactly("spec.messaging.queues[0].arguments", "spec.messaging.exchanges[0].type");
        assertThat(violations.get(0).message()).startsWith("were {x-max-priority=3}: RabbitMQ cannot change a queue's arguments in place");
        assertThat(violations.get(1).message()).isEqualTo("was direct: RabbitMQ cannot change an exchange's type in place; give it a new name");
    }

    @Test
    void aQueuesTypeCannotChangeInPlace() {
        String before = SPEC.formatted("direct", "classic", "3").replace(", arguments: { x-max-priority: 3 }", "");

        List<Violation> violations = MessagingChanges.impossible(validated(before), validated(before.replace("type: classic", "type: quorum")));

        assertThat(violations).extracting(Violation::path, Violation::message).containsExactly(org.assertj.core.groups.Tuple.tuple(
                "spec.messaging.queues[0].type", "was classic: RabbitMQ cannot change a queue's type in place; give the queue a new name, "
                        + "or remove it in one generation and add it again in the next (its messages are lost)"));
    }

    @Test
    void sameSpecNewQueuesAndANewVhostWithNothingCarriedOverAreFine() {
        Environment before = spec("direct", "classic", "3");

        assertThat(MessagingChanges.impossible(before, spec("direct", "classic", "3"))).isEmpty();
        assertThat(MessagingChanges.impossible(null, before)).isEmpty();
        assertThat(MessagingChanges.impossible(before, validated(SPEC.formatted("topic", "classic", "5").replace("vhost: vh", "vhost: vh2")
                .replace("iris.e.direct.judge", "other.e").replace("client.q.judge.submission", "other.q").replace("name: other, type", "name: o2, type"))))
                .as("a new vhost with new names only: nothing is updated").isEmpty();
    }

    /** queue_webhook.go, exchange_webhook.go, binding_webhook.go, permission_webhook.go: spec.vhost may not change. */
    @Test
    void aVhostChangeIsRefusedWhileAnythingStaysForTheWebhooksForbidMovingItsObjects() {

        List<Violation> violations = MessagingChanges.impossible(validated(BOUND), validated(BOUND.replace("vhost: vh", "vhost: vh2")));

        assertThat(violations).extracting(Violation::path, Violation::message).containsExactly(org.assertj.core.groups.Tuple.tuple(
                "spec.messaging.vhost", "was vh: the messaging topology operator cannot move queue q, exchange e, binding e -> q (k), "
                        + "user app's permissions to another vhost (its webhooks refuse a change of spec.vhost); remove them in one generation "
                        + "and change the vhost in the next (queued messages are lost), or keep the vhost"));
    }

    @Test
    void aChangedBindingIsAnotherObjectAndNeedsNothingRefused() {

        assertThat(MessagingChanges.impossible(validated(BOUND), validated(BOUND.replace("routingKey: k", "routingKey: k2")))).isEmpty();
    }

    private static Environment spec(String exchangeType, String queueType, String priority) {
        return validated(SPEC.formatted(exchangeType, queueType, priority));
    }

    private static Environment validated(String yaml) {
        return new EnvironmentValidator().validate(yaml).orThrow();
    }
}

package io.envsaga.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;

/**
 * RabbitMQ's own bounds on what an intake user (a CI publisher) may hold on the production
 * broker (issue 26, class 3), as the deploy gives them: per-user connection and channel limits
 * and a length bound with reject-publish on the intake queue in deploy/rabbitmq/definitions.json,
 * and {@code max_message_size} in the cluster's rabbitmq.conf (deploy/control-plane/bus.yaml).
 * {@code BrokerLimitsIT} shows the same values refusing on a real broker.
 */
class BrokerLimitsTest {

    static final String INTAKE_EXCHANGE = "envsaga.intake";
    static final String INTAKE_QUEUE = "envsaga.orchestrator.intake";
    /** The largest spec (envsaga.spec.max-document-bytes) and so about the largest event. */
    static final int LARGEST_DOCUMENT = 256 * 1024;

    @Test
    void everyIntakeUserHasConnectionAndChannelLimits() {
        List<String> intakeUsers = intakeUsers(definitions());

        assertThat(intakeUsers).as("users that may write to " + INTAKE_EXCHANGE).contains("ci-codedang");
        for (String name : intakeUsers) {
            JsonNode limits = user(definitions(), name).path("limits");
            assertThat(limits.path("max-connections").asInt(-1)).as(name + "'s max-connections").isBetween(1, 16);
            assertThat(limits.path("max-channels").asInt(-1)).as(name + "'s max-channels").isBetween(1, 64);
        }
    }

    @Test
    void theIntakeQueueIsBoundedWithRejectPublishByItsHighestPriorityPolicy() {
        JsonNode policy = intakePolicy(definitions());

        assertThat(policy.path("apply-to").asString()).isIn("queues", "all");
        JsonNode definition = policy.path("definition");
        assertThat(definition.path("overflow").asString()).isEqualTo("reject-publish");
        assertThat(definition.path("max-length").asInt(0)).as("far above what the fairness lanes let wait (a share of 20 each)")
                .isBetween(1_000, 100_000);
        assertThat(definition.path("max-length-bytes").asLong(0)).isBetween(16L * LARGEST_DOCUMENT, 1024L * 1024 * 1024);
        assertThat(Pattern.compile(policy.path("pattern").asString()).matcher(INTAKE_QUEUE + ".dlq").find())
                .as("its dead letters are not bounded by it (they would be rejected and lost)").isFalse();
    }

    @Test
    void theBrokerBoundsEveryMessagesSize() throws IOException {
        String config = rabbitmqConf();

        Matcher size = Pattern.compile("(?m)^max_message_size\\s*=\\s*(\\d+)\\s*$").matcher(config);
        assertThat(size.find()).as("max_message_size in the cluster's additionalConfig:\n" + config).isTrue();
        assertThat(Long.parseLong(size.group(1))).as("room for the largest spec's events, far below RabbitMQ's default of 16 MiB")
                .isBetween(2L * LARGEST_DOCUMENT, 4L * 1024 * 1024);
    }

    static JsonNode definitions() {
        try {
            return io.envsaga.contracts.spec.SpecMapper.json().readTree(Files.readString(Manifests.ROOT.resolve("deploy/rabbitmq/definitions.json")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Users whose write permission takes the intake exchange (the orchestrator only reads it). */
    static List<String> intakeUsers(JsonNode definitions) {
        List<String> users = new ArrayList<>();
        for (JsonNode permission : definitions.get("permissions")) {
            if (Pattern.compile(permission.path("write").asString()).matcher(INTAKE_EXCHANGE).matches()) {
                users.add(permission.path("user").asString());
            }
        }
        return users;
    }

    static JsonNode user(JsonNode definitions, String name) {
        for (JsonNode user : definitions.get("users")) {
            if (name.equals(user.path("name").asString())) {
                return user;
            }
        }
        throw new AssertionError("no user " + name + " in definitions.json");
    }

    /** The policy RabbitMQ applies to the intake queue: of the policies matching it, the one of highest priority. */
    static JsonNode intakePolicy(JsonNode definitions) {
        JsonNode chosen = null;
        for (JsonNode policy : definitions.path("policies")) {
            boolean matches = "/".equals(policy.path("vhost").asString())
                    && !"exchanges".equals(policy.path("apply-to").asString("all"))
                    && Pattern.compile(policy.path("pattern").asString()).matcher(INTAKE_QUEUE).find();
            if (matches && (chosen == null || policy.path("priority").asInt(0) > chosen.path("priority").asInt(0))) {
                chosen = policy;
            }
        }
        assertThat(chosen).as("a policy for " + INTAKE_QUEUE).isNotNull();
        return chosen;
    }

    @SuppressWarnings("unchecked")
    private static String rabbitmqConf() throws IOException {
        Map<String, Object> cluster = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(Manifests.ROOT.resolve("deploy/control-plane/bus.yaml")));
        return (String) ((Map<String, Object>) ((Map<String, Object>) cluster.get("spec")).get("rabbitmq")).get("additionalConfig");
    }
}

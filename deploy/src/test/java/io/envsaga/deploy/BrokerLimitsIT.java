package io.envsaga.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.envsaga.contracts.events.EventType;
import io.envsaga.simulation.net.Endpoint;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bounds of deploy/rabbitmq/definitions.json on the real broker (issue 26, class 3): the intake
 * user {@code ci-codedang}, imported as the file has it (limits and all) under throwaway names
 * through the management API's definitions import, gets its {@code max-connections} and no more,
 * its {@code max-channels} and no more; the file's intake queue policy, applied to this class's
 * own intake queue (declared as the orchestrator declares it: a quorum queue), rejects publishes
 * past its {@code max-length}. The user, the policy and the queues are removed afterwards.
 */
class BrokerLimitsIT {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();

    static final String PASSWORD = "limits-it-password";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final List<String> users = new ArrayList<>();
    static final List<Connection> opened = new java.util.concurrent.CopyOnWriteArrayList<>();
    static String policy;

    @BeforeAll
    static void names() {
        policy = rabbit.topology().prefix() + "-intake-bound";
    }

    @AfterAll
    static void cleanUp() {
        opened.forEach(BrokerLimitsIT::closeQuietly);
        users.forEach(user -> management("DELETE", "/users/" + encode(user), null));
        management("DELETE", "/policies/%2F/" + encode(policy), null);
    }

    /** ci-codedang of the definitions, limits and all, imported as a user of this class's own (with a password, and no rights but to connect). */
    static String importTheIntakeUser(String suffix) {
        String user = rabbit.topology().prefix() + "-ci-codedang-" + suffix;
        users.add(user);
        ObjectNode imported = ((ObjectNode) BrokerLimitsTest.user(BrokerLimitsTest.definitions(), "ci-codedang").deepCopy());
        imported.put("name", user);
        imported.remove("password_hash");
        imported.remove("hashing_algorithm");
        imported.put("password", PASSWORD);
        management("POST", "/definitions", "{\"users\":[" + imported + "],\"permissions\":[{\"user\":\"" + user
                + "\",\"vhost\":\"/\",\"configure\":\"^$\",\"write\":\"^$\",\"read\":\"^$\"}]}");
        return user;
    }

    static JsonNode limits() {
        return BrokerLimitsTest.user(BrokerLimitsTest.definitions(), "ci-codedang").get("limits");
    }

    @Test
    void theIntakeUserGetsItsMaxConnectionsAndNoMore() throws Exception {
        String user = importTheIntakeUser("connections");
        int maxConnections = limits().get("max-connections").asInt();
        assertThat(io.envsaga.contracts.spec.SpecMapper.json().readTree(management("GET", "/user-limits/" + encode(user), null))
                .get(0).get("value")).as("imported as the definitions have them").isEqualTo(limits());

        for (int i = 0; i < maxConnections; i++) {
            connect(user);
        }

        // the broker counts a user's connections as they are registered, a moment after each opens: until then an
        // extra one may slip in (it is closed at once); once counted, the next is refused
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> assertThat(refusal(() -> connect(user)))
                .as("connection " + (maxConnections + 1)).contains("user connection limit (" + maxConnections + ")"));
    }

    @Test
    void theIntakeUserGetsItsMaxChannelsAndNoMore() throws Exception {
        String user = importTheIntakeUser("channels");
        int maxChannels = limits().get("max-channels").asInt();
        Connection connection = connect(user);

        for (int i = 0; i < maxChannels; i++) {
            connection.createChannel();
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> assertThat(refusal(connection::createChannel))
                .as("channel " + (maxChannels + 1)).contains("number of channels opened for user", "user limit of (" + maxChannels + ")"));
    }

    @Test
    void theIntakeQueueRejectsPublishesPastItsMaxLength() throws Exception {
        for (var declarable : rabbit.topology().forOrchestrator().getDeclarables()) {
            if (declarable instanceof org.springframework.amqp.core.Queue q) {
                rabbit.admin().declareQueue(q);
            } else if (declarable instanceof org.springframework.amqp.core.Exchange e) {
                rabbit.admin().declareExchange(e);
            } else if (declarable instanceof org.springframework.amqp.core.Binding b) {
                rabbit.admin().declareBinding(b);
            }
        }
        String queue = rabbit.topology().orchestratorIntakeQueue();
        JsonNode bound = BrokerLimitsTest.intakePolicy(BrokerLimitsTest.definitions());
        int maxLength = bound.get("definition").get("max-length").asInt();
        management("PUT", "/policies/%2F/" + encode(policy), "{\"pattern\":\"^" + queue.replace(".", "\\\\.") + "$\",\"apply-to\":\""
                + bound.get("apply-to").asString() + "\",\"priority\":" + bound.get("priority").asInt() + ",\"definition\":"
                + bound.get("definition") + "}");
        await().atMost(Duration.ofSeconds(60)).until(() -> policy.equals(
                io.envsaga.contracts.spec.SpecMapper.json().readTree(management("GET", "/queues/%2F/" + encode(queue), null)).path("policy").asString()));

        int batch = 100;
        boolean refused = false;
        int published = 0;
        long inQueue;
        ConnectionFactory factory = factory(rabbit.endpoint().username(), rabbit.endpoint().password());
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            while (!refused && published <= 2 * maxLength) {
                for (int i = 0; i < batch; i++) {
                    channel.basicPublish(rabbit.topology().intakeExchange(), EventType.ENVIRONMENT_SUBMITTED.routingKey(), null, body);
                }
                published += batch;
                // false: the broker nacked one or more of the batch
                refused = !channel.waitForConfirms(TimeUnit.MINUTES.toMillis(2));
            }
            inQueue = channel.queueDeclarePassive(queue).getMessageCount();
        }

        assertThat(refused).as("publishes past max-length " + maxLength + " are refused (nacked); published " + published).isTrue();
        // a quorum queue takes what was already on its way when it reached the bound, then refuses: at most a batch more
        assertThat(inQueue).isBetween((long) maxLength, (long) maxLength + batch);
    }

    private static Connection connect(String user) throws Exception {
        Connection connection = factory(user, PASSWORD).newConnection();
        opened.add(connection);
        return connection;
    }

    private static ConnectionFactory factory(String username, String password) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(rabbit.endpoint().host());
        factory.setPort(rabbit.endpoint().port());
        factory.setUsername(username);
        factory.setPassword(password);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setConnectionTimeout(10_000);
        return factory;
    }

    interface Attempt {
        Object run() throws Exception;
    }

    /** What refused the attempt (the messages of the exception and its causes), or a failure if it was not refused. */
    private static String refusal(Attempt attempt) {
        try {
            Object made = attempt.run();
            if (made instanceof AutoCloseable closeable) {
                closeQuietly(closeable);
            }
            throw new AssertionError("not refused: " + made);
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            StringBuilder messages = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                messages.append(t).append(" / ");
            }
            return messages.toString();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed by the broker
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String management(String method, String path, String json) {
        return management(rabbit.endpoint(), method, path, json);
    }

    /** A call to the management API of the broker at {@code broker}, as its admin user; the answer's body. */
    static String management(Endpoint broker, String method, String path, String json) {
        String port = System.getenv().getOrDefault("ENVSAGA_TEST_RABBITMQ_MANAGEMENT_PORT", "15672");
        URI uri = URI.create("http://" + broker.host() + ":" + port + "/api" + path);
        String auth = Base64.getEncoder().encodeToString((broker.username() + ":" + broker.password())
                .getBytes(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", "Basic " + auth)
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300 && !("DELETE".equals(method) && response.statusCode() == 404)) {
                throw new IllegalStateException(method + " " + uri + ": " + response.statusCode() + " " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("the RabbitMQ management API at " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

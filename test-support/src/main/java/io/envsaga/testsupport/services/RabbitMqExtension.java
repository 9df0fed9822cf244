package io.envsaga.testsupport.services;

import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.testsupport.bus.BusProbe;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * The real RabbitMQ for a test class, with a bus topology of its own (a unique name prefix), so
 * that test classes cannot disturb each other. Register it as a static field:
 * <pre>{@code @RegisterExtension static final RabbitMqExtension rabbit = new RabbitMqExtension();}</pre>
 * Its queues and exchanges are deleted after the class.
 */
public class RabbitMqExtension implements BeforeAllCallback, AfterAllCallback {

    private Endpoint endpoint;
    private BusTopology topology;
    private CachingConnectionFactory connectionFactory;

    @Override
    public void beforeAll(ExtensionContext context) {
        // tests here start and stop applications; their client libraries may throw from their own threads while
        // stopping, which must not fail an unrelated await (Awaitility would by default)
        org.awaitility.Awaitility.doNotCatchUncaughtExceptionsByDefault();
        start(context.getRequiredTestClass().getSimpleName());
    }

    /** Also usable outside JUnit's lifecycle, e.g. from a benchmark's main. */
    public synchronized void start(String name) {
        if (endpoint != null) {
            return;
        }
        endpoint = ServiceLocator.standard().locate(ServiceLocator.RABBITMQ, Containers::rabbitmq);
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        slug = slug.length() > 30 ? slug.substring(0, 30) : slug;
        topology = new BusTopology("t-" + slug + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF)),
                BusTopology.DEFAULT_DELIVERY_LIMIT);
        connectionFactory = newConnectionFactory();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (connectionFactory == null) {
            return;
        }
        RabbitAdmin admin = new RabbitAdmin(connectionFactory);
        topology.allQueues().forEach(admin::deleteQueue);
        topology.allExchanges().forEach(admin::deleteExchange);
        connectionFactory.destroy();
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** The names of this test class's exchanges and queues. */
    public BusTopology topology() {
        return topology;
    }

    /** A connection factory of the test's own (confirms on), shared by the test's helpers. */
    public CachingConnectionFactory connectionFactory() {
        return connectionFactory;
    }

    public CachingConnectionFactory newConnectionFactory() {
        CachingConnectionFactory factory = new CachingConnectionFactory(endpoint.host(), endpoint.port());
        factory.setUsername(endpoint.username());
        factory.setPassword(endpoint.password());
        factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        return factory;
    }

    public RabbitTemplate rabbitTemplate() {
        return new RabbitTemplate(connectionFactory);
    }

    public RabbitAdmin admin() {
        return new RabbitAdmin(connectionFactory);
    }

    /**
     * Creates (or updates) a broker user with full rights on the default vhost, through the
     * management API on port 15672 of the broker's host (scripts/services.sh enables it). Tests of
     * the intake need a second user: the broker vouches for the AMQP {@code user_id} of a message.
     */
    public void createUser(String name, String password) {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        String auth = "Basic " + java.util.Base64.getEncoder().encodeToString(
                (endpoint.username() + ":" + endpoint.password()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String base = "http://" + endpoint.host() + ":" + managementPort() + "/api";
        put(http, auth, base + "/users/" + name, "{\"password\":\"" + password + "\",\"tags\":\"\"}");
        put(http, auth, base + "/permissions/%2F/" + name, "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}");
    }

    private int managementPort() {
        String configured = System.getenv("ENVSAGA_TEST_RABBITMQ_MANAGEMENT_PORT");
        return configured != null ? Integer.parseInt(configured) : 15672;
    }

    private static void put(java.net.http.HttpClient http, String auth, String url, String json) {
        try {
            java.net.http.HttpResponse<String> response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                    .header("Authorization", auth).header("Content-Type", "application/json")
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("RabbitMQ management API answered " + response.statusCode() + " to PUT " + url + ": " + response.body());
            }
        } catch (java.io.IOException e) {
            throw new ServiceUnavailableException("the RabbitMQ management API does not answer at " + url
                    + " (" + e + "; enable it: rabbitmq-plugins enable rabbitmq_management; scripts/services.sh does)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A probe that records every message on both exchanges from now on. */
    public BusProbe probe() {
        return new BusProbe(connectionFactory, topology);
    }

    /** Spring Boot properties that point an application at this broker and this topology. */
    public Map<String, String> springProperties() {
        Map<String, String> properties = new HashMap<>();
        properties.put("spring.rabbitmq.host", endpoint.host());
        properties.put("spring.rabbitmq.port", Integer.toString(endpoint.port()));
        properties.put("spring.rabbitmq.username", endpoint.username());
        properties.put("spring.rabbitmq.password", endpoint.password());
        properties.put("envsaga.bus.prefix", topology.prefix());
        return properties;
    }

    /** The same as {@code --name=value} arguments for {@code SpringApplicationBuilder.run}. */
    public String[] springArguments() {
        return springProperties().entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }
}

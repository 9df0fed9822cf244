package io.envsaga.testsupport.services;

import io.envsaga.simulation.net.Endpoint;

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
    private BrokerUsers users;

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
        users = new BrokerUsers(endpoint);
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
        users.deleteAll();
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
        factory.setPublisherReturns(true); // as every envsaga process (BusAutoConfiguration): mandatory messages come back
        return factory;
    }

    public RabbitTemplate rabbitTemplate() {
        return new RabbitTemplate(connectionFactory);
    }

    public RabbitAdmin admin() {
        return new RabbitAdmin(connectionFactory);
    }

    /**
     * Creates (or updates) a broker user with full rights on the default vhost. Tests of the
     * intake need a second user: the broker vouches for the AMQP {@code user_id} of a message.
     */
    public void createUser(String name, String password) {
        createUser(name, password, ".*", ".*", ".*");
    }

    /**
     * Creates (or updates) a broker user with the given permissions (regular expressions over
     * exchange and queue names) on the default vhost, through the management API (or rabbitmqctl
     * on a local broker without it). Users are global to the broker: name them after the test's
     * prefix; they are deleted after the class.
     */
    public void createUser(String name, String password, String configure, String write, String read) {
        users.create(name, password, configure, write, read);
    }

    BrokerUsers users() {
        return users;
    }

    /** Restricts what routing keys a user may publish with (write) and bind with (read) on a topic exchange. */
    public void setTopicPermissions(String user, String exchange, String write, String read) {
        users.topicPermissions(user, exchange, write, read);
    }

    /** A connection factory of the given user (confirms on). */
    public CachingConnectionFactory connectionFactoryOf(String user, String password) {
        CachingConnectionFactory factory = new CachingConnectionFactory(endpoint.host(), endpoint.port());
        factory.setUsername(user);
        factory.setPassword(password);
        factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        factory.setPublisherReturns(true); // as every envsaga process (BusAutoConfiguration): mandatory messages come back
        return factory;
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

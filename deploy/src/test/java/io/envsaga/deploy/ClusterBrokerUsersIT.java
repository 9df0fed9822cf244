package io.envsaga.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.contracts.events.ClusterRoute;
import io.envsaga.contracts.events.Step;
import io.envsaga.simulation.bus.Declarations;
import io.envsaga.testsupport.services.BrokerDefinitions;
import io.envsaga.testsupport.services.RabbitMqExtension;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import tools.jackson.databind.node.ObjectNode;

/**
 * The per-cluster step users of deploy/rabbitmq/definitions.json on the real broker, each made
 * under this class's prefix with the file's permissions ({@link BrokerDefinitions}): a step
 * service of a cluster declares its own queue (and dns-service its executor lease) and consumes
 * it, and the broker refuses it every other step queue, of its cluster and of the others
 * ({@code ClusterBrokerUsersTest} checks the same over the JSON). And what the file's
 * {@code "password_hash": ""} does at an import: the user it names can no longer log in with a
 * password (docs/security.md, "Broker users").
 */
class ClusterBrokerUsersIT {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();

    static BrokerDefinitions users;
    static final List<String> CLUSTERS = List.of(ClusterRoute.DEFAULT, "stage", "production");

    @BeforeAll
    static void usersAndTheWholeBus() {
        users = BrokerDefinitions.apply(rabbit);
        Map<String, Set<Step>> everyStep = new TreeMap<>();
        CLUSTERS.forEach(c -> everyStep.put(c, EnumSet.allOf(Step.class)));
        Declarations.declare(rabbit.admin(), topology().all(everyStep));
    }

    @AfterAll
    static void deleteTheClustersQueues() {
        topology().allQueues(List.of("stage", "production")).forEach(rabbit.admin()::deleteQueue);
    }

    static BusTopology topology() {
        return rabbit.topology();
    }

    @Test
    void aStepUserOfAClusterDeclaresAndConsumesItsQueueAndIsRefusedEveryOther() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (ClusterBrokerUsersTest.StepUser user : ClusterBrokerUsersTest.stepUsers()) {
            String name = users.user(user.name());
            CachingConnectionFactory factory = rabbit.connectionFactoryOf(name, BrokerDefinitions.PASSWORD);
            try {
                // as its step service does at start-up
                Declarations.declare(new RabbitAdmin(factory), topology().forStep(user.step(), user.cluster()));
            } finally {
                factory.destroy();
            }
            try (Connection connection = connect(name)) {
                if (user.step() == Step.DNS) {
                    try (Channel channel = connection.createChannel()) {
                        channel.queueDeclare(topology().executorLease(Step.DNS, user.cluster()), false, true, true, null);
                    }
                }
                for (String cluster : CLUSTERS) {
                    for (Step step : Step.values()) {
                        String queue = topology().stepQueue(step, cluster);
                        boolean own = step == user.step() && cluster.equals(user.cluster());
                        if (consumes(connection, queue) != own) {
                            wrong.add(user.name() + (own ? " may not consume its own " : " may consume ") + queue);
                        }
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void importingTheFilesEmptyPasswordHashLocksOutTheUserItNames() throws Exception {
        String name = topology().prefix() + "-password-hash";
        rabbit.createUser(name, BrokerDefinitions.PASSWORD, "^$", "^$", "^$");
        connect(name).close();

        ObjectNode entry = (ObjectNode) BrokerLimitsTest.user(BrokerLimitsTest.definitions(), "envsaga-dns-stage").deepCopy();
        assertThat(entry.get("password_hash").asString()).isEmpty();
        entry.put("name", name);
        BrokerLimitsIT.management(rabbit.endpoint(), "POST", "/definitions", "{\"users\":[" + entry + "]}");

        assertThatThrownBy(() -> connect(name).close()).as("a login with the password set before the import")
                .hasStackTraceContaining("ACCESS_REFUSED");
    }

    /** Whether the broker lets this connection consume the queue (403 ACCESS_REFUSED closes the channel otherwise). */
    private static boolean consumes(Connection connection, String queue) throws Exception {
        Channel channel = connection.createChannel();
        try {
            String tag = channel.basicConsume(queue, false, new DefaultConsumer(channel));
            channel.basicCancel(tag);
            channel.close();
            return true;
        } catch (java.io.IOException e) {
            assertThat(e).hasStackTraceContaining("ACCESS_REFUSED");
            return false;
        }
    }

    private static Connection connect(String user) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(rabbit.endpoint().host());
        factory.setPort(rabbit.endpoint().port());
        factory.setUsername(user);
        factory.setPassword(BrokerDefinitions.PASSWORD);
        factory.setAutomaticRecoveryEnabled(false);
        return factory.newConnection();
    }
}

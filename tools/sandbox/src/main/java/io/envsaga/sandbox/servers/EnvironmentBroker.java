package io.envsaga.sandbox.servers;

import io.envsaga.simulation.operators.BrokerAdmin;
import io.envsaga.simulation.operators.ManagementApi;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * The broker behind environments' {@code RabbitmqCluster}s, and how the simulated RabbitMQ
 * operators make vhosts, users and permissions on it. In a real cluster a {@code RabbitmqCluster}
 * is a broker of its own, not the bus's broker, so the two need not be the same here either:
 * <ul>
 *   <li>the bus on the embedded broker: the same broker, administrated in-process ({@code QpidBrokerAdmin});</li>
 *   <li>the bus on a local RabbitMQ whose management API answers: the same RabbitMQ, through that API;</li>
 *   <li>a local RabbitMQ without it (no {@code rabbitmq_management} plugin): an embedded broker of
 *       environments' own (Qpid Broker-J, as on a bare machine), while the bus stays on the local RabbitMQ.</li>
 * </ul>
 *
 * @param server          where environments' clusters are: the simulated operators' AMQP proxies forward there and declare topology on it
 * @param admin           vhosts, users and permissions on {@code server}
 * @param description     which broker it is and why, for the start block
 * @param apartFromTheBus whether it is an embedded broker of environments' own, apart from the bus's broker
 */
public record EnvironmentBroker(Server server, BrokerAdmin admin, String description, boolean apartFromTheBus) implements AutoCloseable {

    /**
     * @param bus        the bus's broker (local or embedded)
     * @param management where the local RabbitMQ's management API is looked for
     * @param embedded   where an embedded broker for environments keeps its files, when one is started
     */
    public static EnvironmentBroker choose(Server bus, InetSocketAddress management, Path embedded) {
        if (bus.stop() instanceof EmbeddedBroker.Running qpid) {
            return new EnvironmentBroker(bus, qpid.admin(), "each environment's RabbitmqCluster: vhosts of its own on the same embedded "
                    + "broker (made in-process)", false);
        }
        String at = management.getHostString() + ":" + management.getPort();
        if (LocalServers.answers(management)) {
            return new EnvironmentBroker(bus, new ManagementApi(management.getHostString(), management.getPort(), bus.username(),
                    bus.password()), "each environment's RabbitmqCluster: vhosts of its own on the same RabbitMQ (made through its "
                    + "management API on " + at + ")", false);
        }
        Server broker = EmbeddedBroker.start(embedded);
        return new EnvironmentBroker(broker, ((EmbeddedBroker.Running) broker.stop()).admin(), "each environment's RabbitmqCluster: "
                + broker.description() + ", because the local RabbitMQ's management API does not answer on " + at
                + " (it makes vhosts and users; rabbitmq-plugins enable rabbitmq_management to use "
                + "RabbitMQ for them too); the bus stays on the local RabbitMQ", true);
    }

    /** Stops the broker when it was started for environments alone (the bus's broker is {@link Servers}'). */
    @Override
    public void close() throws Exception {
        if (apartFromTheBus) {
            server.close();
        }
    }
}

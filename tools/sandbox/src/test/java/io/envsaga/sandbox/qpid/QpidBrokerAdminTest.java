package io.envsaga.sandbox.qpid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;
import io.envsaga.sandbox.servers.EmbeddedBroker;
import io.envsaga.sandbox.servers.Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RabbitMQ's vhosts, users and permissions on the embedded Qpid Broker-J, checked with a RabbitMQ
 * client over AMQP 0-9-1: what the permissions allow works, the rest is refused with
 * ACCESS_REFUSED (Broker-J closes the connection), and a deleted vhost or user is gone.
 */
class QpidBrokerAdminTest {

    @TempDir
    static Path dir;
    static Server broker;
    static QpidBrokerAdmin admin;

    @BeforeAll
    static void start() {
        broker = EmbeddedBroker.start(dir.resolve("qpid"));
        admin = ((EmbeddedBroker.Running) broker.stop()).admin();
    }

    @AfterAll
    static void stop() throws Exception {
        broker.close();
    }

    @Test
    void aUserDoesWhatItsPermissionsSayAndIsRefusedTheRest() throws Exception {
        admin.putVhost("sim.t1.c.abc:vh");
        admin.putPermissions("sim.t1.c.abc:vh", "guest", ".*", ".*", ".*");
        admin.putUser("client-t1", "secret-1");
        admin.putPermissions("sim.t1.c.abc:vh", "client-t1", "", ".*", ".*");
        try (Connection guest = connect("guest", "guest", "sim.t1.c.abc:vh"); Channel channel = guest.createChannel()) {
            channel.exchangeDeclare("judge", "direct", true);
            channel.queueDeclare("submission", true, false, false, Map.of("x-queue-type", "quorum"));
            channel.queueBind("submission", "judge", "judge.submission");
        }

        Connection client = connect("client-t1", "secret-1", "sim.t1.c.abc:vh");
        Channel channel = client.createChannel();
        channel.confirmSelect();
        channel.basicPublish("judge", "judge.submission", null, "1".getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(10_000);
        GetResponse got = channel.basicGet("submission", true);
        assertThat(new String(got.getBody(), StandardCharsets.UTF_8)).isEqualTo("1");
        // configure "": declaring is refused (Broker-J closes the connection)
        assertThatThrownBy(() -> client.createChannel().queueDeclare("mine", false, false, true, Map.of()))
                .satisfies(e -> assertThat(refusal(e)).isEqualTo(AMQP.ACCESS_REFUSED));
        assertThat(client.isOpen()).isFalse();
        // a wrong password is refused
        assertThatThrownBy(() -> connect("client-t1", "wrong", "sim.t1.c.abc:vh"))
                .isInstanceOf(com.rabbitmq.client.PossibleAuthenticationFailureException.class);
    }

    @Test
    void prefixPermissionsAreExactAndAUserWithoutPermissionsOnAVhostCannotConnect() throws Exception {
        admin.putVhost("sim.t2.c.abc:vh");
        admin.putPermissions("sim.t2.c.abc:vh", "guest", ".*", ".*", ".*");
        admin.putUser("iris-t2", "secret-2");
        admin.putUser("stranger-t2", "secret-3");
        admin.putPermissions("sim.t2.c.abc:vh", "iris-t2", "^iris\\.", "^iris\\.", "^iris\\.");
        try (Connection guest = connect("guest", "guest", "sim.t2.c.abc:vh"); Channel channel = guest.createChannel()) {
            channel.exchangeDeclare("plag.e", "direct", true);
        }

        Connection iris = connect("iris-t2", "secret-2", "sim.t2.c.abc:vh");
        iris.createChannel().queueDeclare("iris.q.mine", false, false, true, Map.of()); // a name not declared before: a prefix is exact
        assertThatThrownBy(() -> iris.createChannel().queueDeclare("plag.q.mine", false, false, true, Map.of()))
                .satisfies(e -> assertThat(refusal(e)).isEqualTo(AMQP.ACCESS_REFUSED));
        Connection publisher = connect("iris-t2", "secret-2", "sim.t2.c.abc:vh");
        Channel channel = publisher.createChannel();
        channel.confirmSelect();
        channel.basicPublish("plag.e", "x", null, new byte[0]);
        assertThatThrownBy(() -> channel.waitForConfirmsOrDie(10_000)).satisfies(e -> assertThat(refusal(e)).isEqualTo(AMQP.ACCESS_REFUSED));
        assertThatThrownBy(() -> connect("stranger-t2", "secret-3", "sim.t2.c.abc:vh"))
                .satisfies(e -> assertThat(refusal(e)).isEqualTo(AMQP.ACCESS_REFUSED));
        // the broker's own vhost (the bus's) is not affected
        try (Connection guest = connect("guest", "guest", "/")) {
            assertThat(guest.isOpen()).isTrue();
        }
    }

    @Test
    void deletedVhostsAndUsersAreGone() throws Exception {
        admin.putVhost("sim.t3.c.abc:/");
        admin.putUser("default-t3", "secret-4");
        admin.putPermissions("sim.t3.c.abc:/", "default-t3", ".*", ".*", ".*");
        try (Connection connection = connect("default-t3", "secret-4", "sim.t3.c.abc:/")) {
            assertThat(connection.isOpen()).isTrue();
        }
        assertThat(admin.vhosts()).contains("sim.t3.c.abc:/");
        assertThat(admin.users()).contains("default-t3");

        admin.deleteVhost("sim.t3.c.abc:/");
        admin.deleteUser("default-t3");
        admin.deleteUser("default-t3"); // again: nothing to do

        assertThat(admin.vhosts()).doesNotContain("sim.t3.c.abc:/");
        assertThat(admin.users()).doesNotContain("default-t3");
        assertThatThrownBy(() -> connect("guest", "guest", "sim.t3.c.abc:/")).isInstanceOf(Exception.class);
    }

    private static int refusal(Throwable e) {
        Throwable cause = e;
        while (cause != null && !(cause instanceof ShutdownSignalException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("a close by the broker: " + e).isNotNull();
        Object reason = ((ShutdownSignalException) cause).getReason();
        return reason instanceof AMQP.Connection.Close close ? close.getReplyCode() : ((AMQP.Channel.Close) reason).getReplyCode();
    }

    private static Connection connect(String user, String password, String vhost) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(broker.host());
        factory.setPort(broker.port());
        factory.setUsername(user);
        factory.setPassword(password);
        factory.setVirtualHost(vhost);
        factory.setAutomaticRecoveryEnabled(false);
        return factory.newConnection();
    }
}

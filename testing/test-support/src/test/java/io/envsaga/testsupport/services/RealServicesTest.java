package io.envsaga.testsupport.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;

/** The extensions hand a test class real servers, each with names of its own. */
class RealServicesTest {

    @RegisterExtension
    static final RabbitMqExtension rabbit = new RabbitMqExtension();
    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    @Test
    void rabbitMqAnswersWithATopologyOfThisClassAlone() {
        assertThat(rabbit.topology().prefix()).startsWith("t-realservicestest-");
        Queue queue = QueueBuilder.nonDurable(rabbit.topology().prefix() + ".scratch").autoDelete().build();
        rabbit.admin().declareQueue(queue);
        rabbit.rabbitTemplate().convertAndSend("", queue.getName(), "hello");

        assertThat(rabbit.rabbitTemplate().receiveAndConvert(queue.getName(), 5_000)).isEqualTo("hello");
    }

    @Test
    void postgresHandsOutADatabaseOfThisClass() throws Exception {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
             ResultSet result = connection.createStatement().executeQuery("select current_database()")) {
            result.next();
            assertThat(result.getString(1)).isEqualTo(postgres.database()).startsWith("t_realservicestest_");
        }
    }

    @Test
    void redisAnswersPing() throws Exception {
        try (Socket socket = new Socket(redis.endpoint().host(), redis.endpoint().port())) {
            socket.getOutputStream().write("PING\r\n".getBytes());
            byte[] reply = new byte[7];
            int read = socket.getInputStream().readNBytes(reply, 0, 7);
            assertThat(new String(reply, 0, read)).isEqualTo("+PONG\r\n");
        }
        assertThat(redis.keyPrefix()).startsWith("t:realservicestest:");
    }
}

package io.envsaga.bench;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.envsaga.simulation.operators.ManagementApi;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/** Where the real RabbitMQ is, and connections to it: the plain client for measuring, Spring AMQP for the simulated services. */
public record Broker(String host, int port, String username, String password, int managementPort) {

    public Connection connect(String name) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(username);
        factory.setPassword(password);
        factory.setConnectionTimeout(10_000);
        factory.setAutomaticRecoveryEnabled(false);
        try {
            return factory.newConnection(name);
        } catch (IOException | TimeoutException e) {
            throw new BenchException("cannot reach RabbitMQ at " + host + ":" + port + " as " + username + " (" + e.getMessage()
                    + "); start it with: bash scripts/services.sh");
        }
    }

    /** Without publisher confirms: the simulated step services answer as cheaply as they can. */
    public CachingConnectionFactory springConnectionFactory() {
        CachingConnectionFactory factory = new CachingConnectionFactory(host, port);
        factory.setUsername(username);
        factory.setPassword(password);
        return factory;
    }

    public ManagementApi management() {
        return new ManagementApi(host, managementPort, username, password);
    }
}

package io.envsaga.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.envsaga.contracts.bus.BusTopology;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes {@code environment.submitted} on the intake exchange as CI does ({@code envctl publish}):
 * persistent, mandatory, the connection's user as {@code user_id}, and waits for the confirm. One caller at a time.
 */
public final class IntakeSubmitter implements Submitter, AutoCloseable {

    private final Connection connection;
    private final Channel channel;
    private final BusTopology topology;
    private final String user;
    private final AtomicBoolean returned = new AtomicBoolean();

    public IntakeSubmitter(Broker broker, BusTopology topology) {
        this.topology = topology;
        this.user = broker.username();
        this.connection = broker.connect("bench-intake");
        try {
            this.channel = connection.createChannel();
            channel.confirmSelect();
            channel.addReturnListener(r -> returned.set(true));
        } catch (IOException e) {
            throw new BenchException("cannot open a channel for the intake: " + e.getMessage());
        }
    }

    @Override
    public Submission submit(String environment) {
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/yaml").deliveryMode(2)
                .userId(user).messageId(UUID.randomUUID().toString()).build();
        returned.set(false);
        long start = System.nanoTime();
        try {
            channel.basicPublish(topology.intakeExchange(), "environment.submitted", true, properties,
                    Submitter.spec(environment).getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(30_000);
            return new Submission(!returned.get(), 0, start, System.nanoTime());
        } catch (IOException | TimeoutException e) {
            return new Submission(false, -1, start, System.nanoTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Submission(false, -1, start, System.nanoTime());
        }
    }

    @Override
    public void close() {
        try {
            connection.close(5_000);
        } catch (IOException | com.rabbitmq.client.AlreadyClosedException e) {
            // closing anyway
        }
    }
}

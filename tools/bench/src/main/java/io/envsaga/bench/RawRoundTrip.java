package io.envsaga.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.MessageProperties;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The broker's own price of one request and its answer, as the saga pays it: a persistent message
 * published with a confirm into a quorum queue, consumed by an echo that publishes it persistent and
 * confirmed into a second quorum queue and only then acknowledges, consumed there. The saga's critical
 * path is three such hops (request, answer, ready), one and a half round trips.
 */
public final class RawRoundTrip {

    private static final Map<String, Object> QUORUM = Map.of("x-queue-type", "quorum", "x-single-active-consumer", true);
    private static final long CONFIRM_TIMEOUT_MS = 30_000;

    private RawRoundTrip() {
    }

    public static Latencies measure(Broker broker, String prefix, int warmup, int samples) {
        String requests = prefix + ".raw.requests";
        String answers = prefix + ".raw.answers";
        try (Connection client = broker.connect("bench-raw-client"); Connection echo = broker.connect("bench-raw-echo")) {
            Channel channel = client.createChannel();
            channel.queueDeclare(requests, true, false, false, QUORUM);
            channel.queueDeclare(answers, true, false, false, QUORUM);
            channel.confirmSelect();
            startEcho(echo, requests, answers);
            BlockingQueue<Long> received = new LinkedBlockingQueue<>();
            Channel answerChannel = client.createChannel();
            answerChannel.basicQos(1);
            answerChannel.basicConsume(answers, false, new DefaultConsumer(answerChannel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) throws IOException {
                    long now = System.nanoTime();
                    answerChannel.basicAck(envelope.getDeliveryTag(), false);
                    received.add(now);
                }
            });
            byte[] body = new byte[512]; // about the size of a step answer
            List<Long> nanos = new ArrayList<>(samples);
            for (int i = 0; i < warmup + samples; i++) {
                long start = System.nanoTime();
                channel.basicPublish("", requests, MessageProperties.PERSISTENT_BASIC, body);
                channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MS);
                Long end = received.poll(30, TimeUnit.SECONDS);
                if (end == null) {
                    throw new BenchException("no answer within 30 s in the raw round trip through " + requests + " and " + answers);
                }
                if (i >= warmup) {
                    nanos.add(end - start);
                }
            }
            channel.queueDelete(requests);
            channel.queueDelete(answers);
            return Latencies.of(nanos);
        } catch (IOException | TimeoutException e) {
            throw new BenchException("the raw round trip failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted");
        }
    }

    private static void startEcho(Connection echo, String requests, String answers) throws IOException {
        Channel in = echo.createChannel();
        Channel out = echo.createChannel();
        out.confirmSelect();
        in.basicQos(1);
        in.basicConsume(requests, false, new DefaultConsumer(in) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) throws IOException {
                out.basicPublish("", answers, MessageProperties.PERSISTENT_BASIC, body);
                try {
                    out.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MS);
                } catch (InterruptedException | TimeoutException e) {
                    throw new IOException(e);
                }
                in.basicAck(envelope.getDeliveryTag(), false);
            }
        });
    }
}

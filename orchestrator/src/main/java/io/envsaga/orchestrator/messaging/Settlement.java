package io.envsaga.orchestrator.messaging;

import com.rabbitmq.client.Channel;
import java.io.IOException;

/** How one delivery taken with manual acknowledgement is settled: acknowledged once handled, or put back. */
public interface Settlement {

    void ack() throws IOException;

    void requeue() throws IOException;

    /**
     * Acknowledges ({@code handled}) or puts back; null if done, else why it could not be (the
     * channel is gone: the broker delivers the message again).
     */
    default String settle(boolean handled) {
        try {
            if (handled) {
                ack();
            } else {
                requeue();
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return String.valueOf(e.getMessage());
        }
    }

    /** On the channel the delivery came on. */
    static Settlement of(Channel channel, long deliveryTag) {
        return new Settlement() {
            @Override
            public void ack() throws IOException {
                channel.basicAck(deliveryTag, false);
            }

            @Override
            public void requeue() throws IOException {
                channel.basicNack(deliveryTag, false, true);
            }
        };
    }
}

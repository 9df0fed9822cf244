package io.envsaga.envctl.publish;

import com.rabbitmq.client.AMQP;
import java.util.HashMap;
import java.util.Map;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

/** Between contracts' Spring AMQP messages (what EventCodec speaks) and the plain client's properties. */
final class AmqpMessages {

    private AmqpMessages() {
    }

    static AMQP.BasicProperties.Builder properties(Message message) {
        MessageProperties p = message.getMessageProperties();
        Map<String, Object> headers = new HashMap<>(p.getHeaders());
        return new AMQP.BasicProperties.Builder()
                .contentType(p.getContentType())
                .contentEncoding(p.getContentEncoding())
                .deliveryMode(2)
                .messageId(p.getMessageId())
                .type(p.getType())
                .timestamp(p.getTimestamp())
                .headers(headers);
    }

    static Message message(AMQP.BasicProperties properties, byte[] body) {
        MessageProperties p = new MessageProperties();
        if (properties.getHeaders() != null) {
            properties.getHeaders().forEach((k, v) -> p.setHeader(k, v == null ? null : v.toString()));
        }
        p.setContentType(properties.getContentType());
        p.setMessageId(properties.getMessageId());
        p.setCorrelationId(properties.getCorrelationId());
        p.setType(properties.getType());
        return new Message(body, p);
    }
}

package io.envsaga.orchestrator;

import io.envsaga.testsupport.services.RabbitMqExtension;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/** Publishes a document to the intake exchange as a CI broker user would, with its own connection. */
record IntakePublisher(RabbitMqExtension rabbit, String user, String password) {

    void publish(byte[] document, String messageId) {
        CachingConnectionFactory factory = new CachingConnectionFactory(rabbit.endpoint().host(), rabbit.endpoint().port());
        factory.setUsername(user);
        factory.setPassword(password);
        try {
            new RabbitTemplate(factory).send(rabbit.topology().intakeExchange(), "environment.submitted",
                    MessageBuilder.withBody(document).setContentType("application/json").setUserId(user).setMessageId(messageId).build());
        } finally {
            factory.destroy();
        }
    }
}

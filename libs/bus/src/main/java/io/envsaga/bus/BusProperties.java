package io.envsaga.bus;

import io.envsaga.contracts.bus.BusTopology;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code envsaga.bus.*}: where envsaga's exchanges and queues are and how publishing behaves.
 * The broker connection itself is Spring Boot's {@code spring.rabbitmq.*}.
 *
 * @param prefix         first segment of every exchange and queue name
 * @param deliveryLimit  deliveries of one message before it goes to its dead-letter queue
 * @param confirmTimeout how long a publisher waits for the broker's confirm
 * @param source         CloudEvents source of what this process publishes; default /envsaga/{spring.application.name}
 */
@ConfigurationProperties("envsaga.bus")
public record BusProperties(String prefix, Integer deliveryLimit, Duration confirmTimeout, String source) {

    public BusProperties {
        prefix = prefix == null ? BusTopology.DEFAULT_PREFIX : prefix;
        deliveryLimit = deliveryLimit == null ? BusTopology.DEFAULT_DELIVERY_LIMIT : deliveryLimit;
        confirmTimeout = confirmTimeout == null ? Duration.ofSeconds(10) : confirmTimeout;
    }

    public BusTopology topology() {
        return new BusTopology(prefix, deliveryLimit);
    }
}

package io.envsaga.contracts.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Map;

/** The environment's RabbitMQ cluster and its topology (Messaging Topology Operator objects). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessagingSpec(
        @Pattern(regexp = Patterns.AMQP_NAME, message = "not a valid vhost name") String vhost,
        List<@NotNull(message = "must not be null") @Valid Exchange> exchanges,
        List<@NotNull(message = "must not be null") @Valid Queue> queues,
        List<@NotNull(message = "must not be null") @Valid Binding> bindings,
        List<@NotNull(message = "must not be null") @Valid User> users) {

    public MessagingSpec {
        vhost = vhost == null ? "/" : vhost;
        exchanges = exchanges == null ? List.of() : exchanges;
        queues = queues == null ? List.of() : queues;
        bindings = bindings == null ? List.of() : bindings;
        users = users == null ? List.of() : users;
    }

    public enum ExchangeType {
        @JsonProperty("direct") DIRECT,
        @JsonProperty("topic") TOPIC,
        @JsonProperty("fanout") FANOUT,
        @JsonProperty("headers") HEADERS
    }

    public enum QueueType {
        @JsonProperty("quorum") QUORUM,
        @JsonProperty("classic") CLASSIC,
        @JsonProperty("stream") STREAM
    }

    public record Exchange(
            @NotNull(message = "is required") @Pattern(regexp = Patterns.AMQP_NAME, message = "not a valid exchange name") String name,
            ExchangeType type) {
        public Exchange {
            type = type == null ? ExchangeType.DIRECT : type;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Queue(
            @NotNull(message = "is required") @Pattern(regexp = Patterns.AMQP_NAME, message = "not a valid queue name") String name,
            QueueType type,
            Map<String, Object> arguments) {
        public Queue {
            type = type == null ? QueueType.QUORUM : type;
            arguments = arguments == null ? Map.of() : arguments;
        }
    }

    public record Binding(
            @NotNull(message = "is required") String exchange,
            @NotNull(message = "is required") String queue,
            String routingKey) {
        public Binding {
            routingKey = routingKey == null ? "" : routingKey;
        }
    }

    public record User(
            @NotNull(message = "is required") @Pattern(regexp = Patterns.AMQP_NAME, message = "not a valid user name") String name,
            @Valid Permissions permissions) {
    }

    /** Regular expressions over resource names, as RabbitMQ's permissions take them. */
    public record Permissions(String configure, String write, String read) {
        public Permissions {
            configure = configure == null ? "" : configure;
            write = write == null ? "" : write;
            read = read == null ? "" : read;
        }
    }
}

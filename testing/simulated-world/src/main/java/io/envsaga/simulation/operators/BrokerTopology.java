package io.envsaga.simulation.operators;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * Declares and deletes exchanges, queues and bindings on the real broker over AMQP (as the broker's
 * administrator, in the mapped vhost), so that a refusal is the broker's own: its channel-close
 * text, e.g. "PRECONDITION_FAILED - inequivalent arg 'x-max-priority' for queue ...".
 */
final class BrokerTopology implements AutoCloseable {

    /** What the broker said when it refused an operation. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    @FunctionalInterface
    interface Operation {
        void run(Channel channel) throws IOException;
    }

    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

    BrokerTopology(String host, int port, String username, String password) {
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
    }

    void exchange(String vhost, Map<String, Object> spec) {
        run(vhost, ch -> ch.exchangeDeclare((String) spec.get("name"), (String) spec.getOrDefault("type", "direct"),
                bool(spec, "durable", true), bool(spec, "autoDelete", false), arguments(spec)));
    }

    void queue(String vhost, Map<String, Object> spec) {
        Map<String, Object> arguments = new HashMap<>(arguments(spec));
        if (spec.get("type") != null) {
            arguments.put("x-queue-type", spec.get("type"));
        }
        run(vhost, ch -> ch.queueDeclare((String) spec.get("name"), bool(spec, "durable", true), false, bool(spec, "autoDelete", false),
                arguments));
    }

    void bind(String vhost, Map<String, Object> spec, boolean bind) {
        String source = (String) spec.get("source");
        String destination = (String) spec.get("destination");
        String key = (String) spec.getOrDefault("routingKey", "");
        boolean toExchange = "exchange".equals(spec.get("destinationType"));
        run(vhost, ch -> {
            if (bind) {
                if (toExchange) {
                    ch.exchangeBind(destination, source, key, arguments(spec));
                } else {
                    ch.queueBind(destination, source, key, arguments(spec));
                }
            } else if (toExchange) {
                ch.exchangeUnbind(destination, source, key, arguments(spec));
            } else {
                ch.queueUnbind(destination, source, key, arguments(spec));
            }
        });
    }

    void deleteExchange(String vhost, String name) {
        run(vhost, ch -> ch.exchangeDelete(name));
    }

    void deleteQueue(String vhost, String name) {
        run(vhost, ch -> ch.queueDelete(name));
    }

    /** Forgets the connection of a vhost about to be deleted. */
    void forget(String vhost) {
        Connection connection = connections.remove(vhost);
        if (connection != null) {
            try {
                connection.abort();
            } catch (RuntimeException ignored) {
                // going anyway
            }
        }
    }

    void run(String vhost, Operation operation) {
        try (Channel channel = connection(vhost).createChannel()) {
            operation.run(channel);
        } catch (IOException e) {
            String refusal = e.getCause() instanceof ShutdownSignalException s ? refusal(s) : null;
            if (refusal != null) {
                throw new Refused(refusal);
            }
            throw new IllegalStateException(e);
        } catch (ShutdownSignalException e) {
            String refusal = refusal(e);
            if (refusal != null) {
                throw new Refused(refusal);
            }
            throw e;
        } catch (TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The broker's text when it refused: it closes the channel (RabbitMQ, mostly), or for some
     * errors the whole connection (RabbitMQ's NOT_ALLOWED, most of Qpid Broker-J's refusals; the
     * next operation opens a new one).
     */
    private static String refusal(ShutdownSignalException signal) {
        if (signal.getReason() instanceof AMQP.Channel.Close close) {
            return close.getReplyText();
        }
        if (!signal.isInitiatedByApplication() && signal.getReason() instanceof AMQP.Connection.Close close
                && close.getReplyCode() != AMQP.CONNECTION_FORCED) {
            return close.getReplyText();
        }
        return null;
    }

    private Connection connection(String vhost) {
        return connections.compute(vhost, (v, existing) -> {
            if (existing != null && existing.isOpen()) {
                return existing;
            }
            ConnectionFactory factory = new ConnectionFactory();
            factory.setHost(host);
            factory.setPort(port);
            factory.setUsername(username);
            factory.setPassword(password);
            factory.setVirtualHost(v);
            try {
                return factory.newConnection("envsaga-simulated-topology-operator");
            } catch (IOException | TimeoutException e) {
                throw new IllegalStateException("cannot connect to RabbitMQ vhost " + v + ": " + e, e);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> arguments(Map<String, Object> spec) {
        return spec.get("arguments") instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static boolean bool(Map<String, Object> spec, String key, boolean otherwise) {
        return spec.get(key) instanceof Boolean b ? b : otherwise;
    }

    @Override
    public void close() {
        connections.keySet().forEach(this::forget);
    }
}

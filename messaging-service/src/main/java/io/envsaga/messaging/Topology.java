package io.envsaga.messaging;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.MessagingNames;
import io.envsaga.contracts.spec.MessagingSpec;
import io.envsaga.kubernetes.ManagedKind;
import io.envsaga.kubernetes.names.ConnectionNames;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The messaging topology operator's objects (rabbitmq.com/v1beta1), one pure function each, all
 * referring to the environment's RabbitmqCluster. Object names: {@link MessagingNames}; users
 * (and their Permission) by {@link ConnectionNames#rabbitmqUser}.
 */
public final class Topology {

    public static final ManagedKind VHOST = kind("Vhost", "vhosts");
    public static final ManagedKind EXCHANGE = kind("Exchange", "exchanges");
    public static final ManagedKind QUEUE = kind("Queue", "queues");
    public static final ManagedKind BINDING = kind("Binding", "bindings");
    public static final ManagedKind USER = kind("User", "users");
    public static final ManagedKind PERMISSION = kind("Permission", "permissions");

    private Topology() {
    }

    public static GenericKubernetesResource vhost(Environment environment, String vhost) {
        return object(VHOST, MessagingNames.vhost(vhost), environment, spec("name", vhost));
    }

    public static GenericKubernetesResource exchange(Environment environment, MessagingSpec.Exchange exchange) {
        Map<String, Object> spec = spec("name", exchange.name());
        spec.put("type", exchange.type().name().toLowerCase());
        spec.put("durable", true);
        spec.put("vhost", environment.spec().messaging().vhost());
        return object(EXCHANGE, MessagingNames.exchange(exchange.name()), environment, spec);
    }

    public static GenericKubernetesResource queue(Environment environment, MessagingSpec.Queue queue) {
        Map<String, Object> spec = spec("name", queue.name());
        spec.put("type", queue.type().name().toLowerCase());
        spec.put("durable", true);
        spec.put("vhost", environment.spec().messaging().vhost());
        if (!queue.arguments().isEmpty()) {
            spec.put("arguments", new LinkedHashMap<>(queue.arguments()));
        }
        return object(QUEUE, MessagingNames.queue(queue.name()), environment, spec);
    }

    public static GenericKubernetesResource binding(Environment environment, MessagingSpec.Binding binding) {
        Map<String, Object> spec = spec("source", binding.exchange());
        spec.put("destination", binding.queue());
        spec.put("destinationType", "queue");
        spec.put("routingKey", binding.routingKey());
        spec.put("vhost", environment.spec().messaging().vhost());
        return object(BINDING, MessagingNames.binding(binding.exchange(), binding.queue(), binding.routingKey()), environment, spec);
    }

    /** A User with generated credentials: the topology operator writes them to {@code <User name>-user-credentials}. */
    public static GenericKubernetesResource user(Environment environment, MessagingSpec.User user) {
        return object(USER, ConnectionNames.rabbitmqUser(environment.name(), user.name()), environment, new LinkedHashMap<>());
    }

    public static GenericKubernetesResource permission(Environment environment, MessagingSpec.User user) {
        MessagingSpec.Permissions permissions = user.permissions() == null ? new MessagingSpec.Permissions(null, null, null) : user.permissions();
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("vhost", environment.spec().messaging().vhost());
        spec.put("userReference", Map.of("name", ConnectionNames.rabbitmqUser(environment.name(), user.name())));
        Map<String, Object> granted = ordered("configure", permissions.configure(), "write", permissions.write());
        granted.put("read", permissions.read());
        spec.put("permissions", granted);
        return object(PERMISSION, ConnectionNames.rabbitmqUser(environment.name(), user.name()), environment, spec);
    }

    /** Two entries in this order (golden files need a stable order; {@code Map.of}'s changes from run to run). */
    static Map<String, Object> ordered(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }

    private static Map<String, Object> spec(String key, Object value) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put(key, value);
        return spec;
    }

    private static GenericKubernetesResource object(ManagedKind kind, String name, Environment environment, Map<String, Object> spec) {
        spec.put("rabbitmqClusterReference", Map.of("name", ConnectionNames.rabbitmqCluster(environment.name())));
        return new GenericKubernetesResourceBuilder().withApiVersion(kind.apiVersion()).withKind(kind.kind()).withNewMetadata().withName(name)
                .endMetadata().withAdditionalProperties(Map.of("spec", spec)).build();
    }

    private static ManagedKind kind(String kind, String plural) {
        return ManagedKind.custom("rabbitmq.com", "v1beta1", kind, plural);
    }
}

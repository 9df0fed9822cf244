package io.envsaga.messaging;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.MessagingSpec;
import io.envsaga.kubernetes.Desired;
import io.envsaga.kubernetes.ManagedKind;
import io.envsaga.kubernetes.ReadinessRule;
import io.envsaga.kubernetes.Target;
import java.util.ArrayList;
import java.util.List;

/** What the messaging step wants for a spec, in which groups it is applied and in which order it is released. */
public final class MessagingObjects {

    public static final String STEP = "messaging";

    /** Release order: topology first (bindings before what they bind, permissions before users), the cluster last. */
    public static final List<ManagedKind> KINDS = List.of(Topology.BINDING, Topology.PERMISSION, Topology.QUEUE, Topology.EXCHANGE,
            Topology.USER, Topology.VHOST, RabbitmqClusters.KIND);

    private MessagingObjects() {
    }

    /**
     * The cluster; then its vhost and users; then exchanges, queues and permissions (they need the
     * vhost and the users); then bindings (they need exchanges and queues). Empty without
     * {@code spec.messaging} (so an earlier generation's objects are pruned).
     */
    public static List<List<Desired>> groups(Environment environment, MessagingProperties properties) {
        MessagingSpec messaging = environment.spec().messaging();
        if (messaging == null) {
            return List.of(List.of());
        }
        ReadinessRule topology = RabbitmqReadiness.topology();
        List<Desired> cluster = List.of(Desired.custom(RabbitmqClusters.KIND, RabbitmqClusters.desired(environment, properties),
                RabbitmqReadiness.cluster()));
        List<Desired> vhostAndUsers = new ArrayList<>();
        if (!"/".equals(messaging.vhost())) {
            vhostAndUsers.add(Desired.custom(Topology.VHOST, Topology.vhost(environment, messaging.vhost()), topology));
        }
        messaging.users().forEach(u -> vhostAndUsers.add(Desired.custom(Topology.USER, Topology.user(environment, u), topology)));
        List<Desired> entities = new ArrayList<>();
        messaging.exchanges().forEach(e -> entities.add(Desired.custom(Topology.EXCHANGE, Topology.exchange(environment, e), topology)));
        messaging.queues().forEach(q -> entities.add(Desired.custom(Topology.QUEUE, Topology.queue(environment, q), topology)));
        messaging.users().forEach(u -> entities.add(Desired.custom(Topology.PERMISSION, Topology.permission(environment, u), topology)));
        List<Desired> bindings = messaging.bindings().stream()
                .map(b -> Desired.custom(Topology.BINDING, Topology.binding(environment, b), topology)).toList();
        return List.of(cluster, vhostAndUsers, entities, bindings).stream().filter(g -> !g.isEmpty()).toList();
    }

    public static Target target(Environment environment, long generation) {
        return new Target(environment.name(), environment.namespace(), STEP, generation, KINDS);
    }
}

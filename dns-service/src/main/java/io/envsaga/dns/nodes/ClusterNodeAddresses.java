package io.envsaga.dns.nodes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node IPs read from the cluster's Node objects, kept current by an informer: per node its
 * ExternalIP, else its InternalIP (IPv4 only, for A records).
 */
public final class ClusterNodeAddresses implements NodeAddresses, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterNodeAddresses.class);

    private final SharedIndexInformer<Node> informer;
    private final List<Consumer<List<String>>> listeners = new CopyOnWriteArrayList<>();
    private volatile List<String> addresses = List.of();

    public ClusterNodeAddresses(KubernetesClient client) {
        this.informer = client.nodes().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                refresh();
            }

            @Override
            public void onUpdate(Node before, Node after) {
                refresh();
            }

            @Override
            public void onDelete(Node node, boolean finalStateUnknown) {
                refresh();
            }
        }, 0);
        refresh();
    }

    /** The address an A record uses for a node: ExternalIP, else InternalIP. */
    static Optional<String> addressOf(Node node) {
        if (node.getStatus() == null || node.getStatus().getAddresses() == null) {
            return Optional.empty();
        }
        List<NodeAddress> all = node.getStatus().getAddresses();
        for (String type : List.of("ExternalIP", "InternalIP")) {
            Optional<String> found = all.stream().filter(a -> type.equals(a.getType()) && a.getAddress() != null)
                    .map(NodeAddress::getAddress).filter(a -> StaticNodeAddresses.IPV4.matcher(a).matches()).findFirst();
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private synchronized void refresh() {
        List<String> next = List.copyOf(new TreeSet<>(informer == null ? List.of()
                : informer.getStore().list().stream().map(ClusterNodeAddresses::addressOf).flatMap(Optional::stream).toList()));
        if (!next.equals(addresses)) {
            log.info("node addresses changed from {} to {}", addresses, next);
            addresses = next;
            if (!next.isEmpty()) {
                listeners.forEach(l -> l.accept(next));
            }
        }
    }

    @Override
    public List<String> current() {
        return addresses;
    }

    @Override
    public void onChange(Consumer<List<String>> listener) {
        listeners.add(listener);
        List<String> now = addresses;
        if (!now.isEmpty()) {
            listener.accept(now);
        }
    }

    @Override
    public void close() {
        informer.close();
    }
}

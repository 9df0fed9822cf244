package io.envsaga.kubernetes.endpoint;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Outside the cluster: a port-forward through the API server to a pod behind the Service
 * (fabric8's {@code portForward}), opened on first use and kept for later checks; closed with
 * this object.
 */
public class PortForwardEndpoints implements ServiceEndpoints, AutoCloseable {

    private final KubernetesClient client;
    private final Map<String, LocalPortForward> forwards = new ConcurrentHashMap<>();

    public PortForwardEndpoints(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public InetSocketAddress resolve(String namespace, String service, int port) {
        String key = namespace + "/" + service + ":" + port;
        LocalPortForward forward = forwards.compute(key, (k, existing) -> existing != null && existing.isAlive() ? existing
                : client.services().inNamespace(namespace).withName(service).portForward(port));
        return new InetSocketAddress(forward.getLocalAddress(), forward.getLocalPort());
    }

    @Override
    public void close() {
        forwards.values().forEach(forward -> {
            try {
                forward.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        forwards.clear();
    }
}

package io.envsaga.kubernetes.endpoint;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fixed map {@code namespace/service:port -> host:port}, thread-safe: tests and the sandbox fill
 * it (a simulated operator registers the real server it backs an object with). An unknown
 * Service is an error naming it, never a guess.
 */
public class FixedEndpoints implements ServiceEndpoints {

    private final Map<String, InetSocketAddress> entries = new ConcurrentHashMap<>();

    public FixedEndpoints() {
    }

    /** From configuration: keys {@code namespace/service:port}, values {@code host:port}. */
    public FixedEndpoints(Map<String, String> fixed) {
        fixed.forEach((key, value) -> entries.put(key, parse(key, value)));
    }

    public FixedEndpoints register(String namespace, String service, int port, InetSocketAddress address) {
        entries.put(key(namespace, service, port), address);
        return this;
    }

    public FixedEndpoints register(String namespace, String service, int port, String host, int hostPort) {
        return register(namespace, service, port, InetSocketAddress.createUnresolved(host, hostPort));
    }

    public void unregister(String namespace, String service, int port) {
        entries.remove(key(namespace, service, port));
    }

    @Override
    public InetSocketAddress resolve(String namespace, String service, int port) {
        InetSocketAddress address = entries.get(key(namespace, service, port));
        if (address == null) {
            throw new IllegalStateException("no fixed endpoint for Service " + key(namespace, service, port));
        }
        return address;
    }

    private static String key(String namespace, String service, int port) {
        return namespace + "/" + service + ":" + port;
    }

    private static InetSocketAddress parse(String key, String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || !key.matches("[^/]+/[^:]+:\\d+")) {
            throw new IllegalArgumentException("fixed endpoint " + key + "=" + value + ": expected namespace/service:port=host:port");
        }
        return InetSocketAddress.createUnresolved(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
    }
}

package io.envsaga.kubernetes.endpoint;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A fixed, thread-safe map {@code namespace/service:port -> host:port}, for tests and the sandbox. */
public class FixedEndpoints implements ServiceEndpoints {

    private final Map<String, InetSocketAddress> addresses = new ConcurrentHashMap<>();

    public void register(String namespace, String service, int port, InetSocketAddress address) {
        addresses.put(key(namespace, service, port), address);
    }

    @Override
    public InetSocketAddress resolve(String namespace, String service, int port) {
        InetSocketAddress address = addresses.get(key(namespace, service, port));
        if (address == null) {
            throw new IllegalStateException("no fixed endpoint for " + key(namespace, service, port));
        }
        return address;
    }

    private static String key(String namespace, String service, int port) {
        return namespace + "/" + service + ":" + port;
    }
}

package io.envsaga.kubernetes.endpoint;

import java.net.InetSocketAddress;

/**
 * How a step service reaches a Service of an environment to check it with a real client (the
 * broker, the cache, the database). One of: {@link ClusterDnsEndpoints} in the cluster,
 * {@link PortForwardEndpoints} outside it, {@link FixedEndpoints} for tests and the sandbox.
 */
public interface ServiceEndpoints {

    /** Host and port to connect to for port {@code port} of Service {@code service} in {@code namespace}. */
    InetSocketAddress resolve(String namespace, String service, int port);
}

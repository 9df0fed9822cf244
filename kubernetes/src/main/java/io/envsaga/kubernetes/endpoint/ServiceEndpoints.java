package io.envsaga.kubernetes.endpoint;

/** How a service reaches a Service of an environment to check it with a real client (see K8S contract, issue 8). */
public interface ServiceEndpoints {

    /** host and port to connect to for port {@code port} of Service {@code service} in {@code namespace}. */
    java.net.InetSocketAddress resolve(String namespace, String service, int port);
}

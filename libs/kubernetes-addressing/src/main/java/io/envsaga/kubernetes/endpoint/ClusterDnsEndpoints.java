package io.envsaga.kubernetes.endpoint;

import java.net.InetSocketAddress;

/** In the cluster: the Service's DNS name {@code <service>.<namespace>.svc}, resolved when connecting. */
public class ClusterDnsEndpoints implements ServiceEndpoints {

    @Override
    public InetSocketAddress resolve(String namespace, String service, int port) {
        return InetSocketAddress.createUnresolved(service + "." + namespace + ".svc", port);
    }
}

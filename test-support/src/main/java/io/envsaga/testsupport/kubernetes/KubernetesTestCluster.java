package io.envsaga.testsupport.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Kubernetes API for tests: fabric8's mock server in CRUD mode (objects are stored, listed,
 * watched and deleted like on a real API server), a client for it, and {@link ClusterControllers}
 * that play the cluster's controllers. One per test class:
 * <pre>{@code @RegisterExtension static final KubernetesTestCluster cluster = new KubernetesTestCluster();}</pre>
 */
public class KubernetesTestCluster implements BeforeAllCallback, AfterAllCallback {

    private KubernetesMockServer server;
    private KubernetesClient client;

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        server.init();
        client = server.createClient();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    public synchronized void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.destroy();
        }
        server = null;
        client = null;
    }

    public KubernetesClient client() {
        return client;
    }

    /** The API server's URL, for a component that builds its own client. */
    public String url() {
        return client.getConfiguration().getMasterUrl();
    }

    public ClusterControllers controllers() {
        return new ClusterControllers(client);
    }
}

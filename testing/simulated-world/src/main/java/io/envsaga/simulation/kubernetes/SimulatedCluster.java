package io.envsaga.simulation.kubernetes;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Stream;

/**
 * A simulated Kubernetes API: fabric8's mock server in CRUD mode (objects are stored, listed,
 * watched and deleted like on a real API server) with server-side apply, a client for it, and
 * {@link ClusterControllers} that play the cluster's controllers. The sandbox runs one; tests use
 * it through test-support's {@code KubernetesTestCluster}, the JUnit extension around it.
 */
public class SimulatedCluster implements AutoCloseable {

    private static final String CRDS = "/io/envsaga/simulation/kubernetes/crds/";
    /** envsaga's own CRD, copied from deploy/crds/ by the build. */
    private static final String ENVIRONMENT_CRD = "/io/envsaga/simulation/kubernetes/envsaga/environments.envsaga.io.yaml";

    private ServerSideApplyDispatcher dispatcher;
    private KubernetesMockServer server;
    private KubernetesClient client;

    public synchronized void start() {
        start(0);
    }

    /** Starts the API server on 127.0.0.1 at {@code port} (0: a free one). */
    public synchronized void start(int port) {
        if (server != null) {
            return;
        }
        dispatcher = new ServerSideApplyDispatcher(List.of());
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init(java.net.InetAddress.getLoopbackAddress(), port);
        client = server.createClient();
        customResourceDefinitions().forEach(crd -> client.apiextensions().v1().customResourceDefinitions().resource(crd).create());
        dispatcher.requests().clear();
    }

    /**
     * The CRDs of the custom resources envsaga makes (Traefik's IngressRoute, Gateway API's
     * HTTPRoute and the Gateway it names, cert-manager's Certificate, the RabbitMQ operators'
     * kinds, Opstree's Redis, MinIO's Tenant, and the Prometheus operator's PrometheusRule that deploy/ ships): names, versions, the status subresource and
     * the schemas of the fields envsaga sets, written from the upstream CRDs (each file's header
     * names its source), and envsaga's own Environment (deploy/crds/). The mock stores
     * custom resources of these kinds like a real server, keeping their status across updates, and
     * refuses an apply their schema refuses.
     */
    public static List<CustomResourceDefinition> customResourceDefinitions() {
        try (InputStream index = SimulatedCluster.class.getResourceAsStream(CRDS + "index.txt")) {
            List<String> files = new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8)).lines()
                    .map(String::trim).filter(line -> !line.isEmpty()).map(file -> CRDS + file).toList();
            return Stream.concat(files.stream(), Stream.of(ENVIRONMENT_CRD)).map(SimulatedCluster::crd).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CustomResourceDefinition crd(String resource) {
        try (InputStream in = SimulatedCluster.class.getResourceAsStream(resource)) {
            return io.fabric8.kubernetes.client.utils.Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The validating admission webhooks of the operators running against this API server ({@link ValidatingWebhook}). */
    public ValidatingWebhooks webhooks() {
        return dispatcher.webhooks();
    }

    /** Every request the mock API server answered (apply patches included), for counting. */
    public RequestLog requests() {
        return dispatcher.requests();
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized void stop() {
        if (dispatcher != null) {
            ServiceRequestRecords.write(dispatcher.requests().all());
        }
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.destroy();
        }
        server = null;
        client = null;
        dispatcher = null;
    }

    public KubernetesClient client() {
        return client;
    }

    /** The API server's URL, for a component that builds its own client. */
    public String url() {
        return client.getConfiguration().getMasterUrl();
    }

    /**
     * A kubeconfig for this API server (context {@code envsaga-mock}), for kubectl:
     * {@code kubectl --kubeconfig FILE get deploy,svc,ingress -A} (discovery documents and Table
     * answers included, see {@link KubectlViews}).
     */
    public String kubeconfig() {
        return String.join("\n",
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: envsaga-mock",
                "  cluster:",
                "    server: " + url().replaceAll("/$", ""),
                "contexts:",
                "- name: envsaga-mock",
                "  context:",
                "    cluster: envsaga-mock",
                "    user: envsaga-mock",
                "current-context: envsaga-mock",
                "users:",
                "- name: envsaga-mock",
                "  user:",
                "    token: mock",
                "");
    }

    /**
     * A client of this API server that identifies as the service (User-Agent
     * {@code envsaga/<service>}, as the services' own clients do), so that the requests a test makes
     * through it count as the service's (deploy/'s RBAC evidence, {@link ServiceRequestRecords}).
     */
    public KubernetesClient clientAs(String service) {
        return new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(
                client.getConfiguration()).withUserAgent(ServiceRequestRecords.USER_AGENT_PREFIX + service).build()).build();
    }

    public ClusterControllers controllers() {
        return new ClusterControllers(client);
    }
}

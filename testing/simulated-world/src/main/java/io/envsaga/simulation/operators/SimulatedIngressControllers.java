package io.envsaga.simulation.operators;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * What answers for envsaga's routes in a cluster installed as operations.md asks: Traefik's
 * Gateway provider ({@link SimulatedGatewayController}) with the Gateway {@code traefik/traefik-gateway}
 * (workload-service's default parent) whose listeners {@code web} (HTTP 8000) and
 * {@code websecure} (HTTPS 8443) allow routes from all namespaces, and cert-manager
 * ({@link SimulatedCertManager}) issuing for every issuer unless told otherwise.
 */
public final class SimulatedIngressControllers implements AutoCloseable {

    public static final String GATEWAY_NAMESPACE = "traefik";
    public static final String GATEWAY = "traefik-gateway";

    private final SimulatedGatewayController gateways;
    private final SimulatedCertManager certManager;
    private final KubernetesClient client;

    public SimulatedIngressControllers(KubernetesClient client) {
        this.client = client;
        this.gateways = new SimulatedGatewayController(client);
        this.certManager = new SimulatedCertManager(client);
        install(SimulatedGatewayController.gateway(GATEWAY_NAMESPACE, GATEWAY, SimulatedGatewayController.Listener.http("web", 8000, "All"),
                new SimulatedGatewayController.Listener("websecure", "HTTPS", 8443, "All", null, null)));
    }

    /** Creates or replaces a Gateway (as a platform engineer would), e.g. one whose listeners allow their own namespace only. */
    public void install(GenericKubernetesResource gateway) {
        client.resource(gateway).createOr(existing -> existing.update());
    }

    public SimulatedCertManager certManager() {
        return certManager;
    }

    @Override
    public void close() {
        gateways.close();
        certManager.close();
    }
}

package io.envsaga.kubernetes;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code envsaga.kubernetes.endpoints.*}: how a service reaches an environment's Services to check
 * them (see {@link io.envsaga.kubernetes.endpoint.ServiceEndpoints}).
 *
 * @param mode  {@code cluster-dns} (default: the service runs in the cluster), {@code port-forward}
 *              (outside it, through the API server), {@code fixed} (the map below)
 * @param fixed for {@code fixed}: {@code envsaga.kubernetes.endpoints.fixed[ns/svc:port]=host:port}
 */
@ConfigurationProperties("envsaga.kubernetes.endpoints")
public record EndpointSettings(String mode, Map<String, String> fixed) {

    public EndpointSettings {
        mode = mode == null ? "cluster-dns" : mode;
        fixed = fixed == null ? Map.of() : Map.copyOf(fixed);
    }
}

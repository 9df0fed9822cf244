package io.envsaga.workload;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code envsaga.workload.*}: what the workload step renders that the spec does not say.
 *
 * @param ingressClassName the IngressClass of {@code kind: Ingress} (Traefik's)
 * @param gateway          the Gateway that {@code kind: HTTPRoute} routes attach to
 * @param defaults         resources of a workload whose spec gives none (or only some)
 */
@ConfigurationProperties("envsaga.workload")
public record WorkloadProperties(String ingressClassName, Gateway gateway, Defaults defaults) {

    public WorkloadProperties {
        ingressClassName = ingressClassName == null ? "traefik" : ingressClassName;
        gateway = gateway == null ? new Gateway(null, null, null) : gateway;
        defaults = defaults == null ? new Defaults(null, null, null, null) : defaults;
    }

    public static WorkloadProperties standard() {
        return new WorkloadProperties(null, null, null);
    }

    /**
     * @param name        the Gateway's name
     * @param namespace   its namespace
     * @param sectionName its listener, or none for all listeners
     */
    public record Gateway(String name, String namespace, String sectionName) {
        public Gateway {
            name = name == null ? "traefik-gateway" : name;
            namespace = namespace == null ? "traefik" : namespace;
        }
    }

    /** Default requests and limits; a request above the default limit raises the limit to it. */
    public record Defaults(String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {
        public Defaults {
            cpuRequest = cpuRequest == null ? "100m" : cpuRequest;
            memoryRequest = memoryRequest == null ? "128Mi" : memoryRequest;
            cpuLimit = cpuLimit == null ? "1" : cpuLimit;
            memoryLimit = memoryLimit == null ? "512Mi" : memoryLimit;
        }
    }
}

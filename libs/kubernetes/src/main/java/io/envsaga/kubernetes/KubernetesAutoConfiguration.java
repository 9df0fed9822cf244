package io.envsaga.kubernetes;

import io.envsaga.kubernetes.endpoint.ClusterDnsEndpoints;
import io.envsaga.kubernetes.endpoint.FixedEndpoints;
import io.envsaga.kubernetes.endpoint.PortForwardEndpoints;
import io.envsaga.kubernetes.endpoint.ServiceEndpoints;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * A Kubernetes client (kubeconfig or in-cluster, or {@code envsaga.kubernetes.master-url}), the
 * {@link EnvironmentApplier} and the {@link ServiceEndpoints} for a step service; each only when
 * the application (a test, the sandbox) has none of its own.
 */
@AutoConfiguration
@EnableConfigurationProperties({KubernetesSettings.class, EndpointSettings.class})
public class KubernetesAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public KubernetesClient kubernetesClient(KubernetesSettings settings,
            @Value("${spring.application.name:envsaga}") String applicationName) {
        Config config = config(settings);
        // names the service in the API server's audit log (and in the RBAC evidence of the tests)
        config.setUserAgent("envsaga/" + applicationName);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /**
     * fabric8's own configuration chain (system properties, environment, kubeconfig, in-cluster
     * service account) decides credentials and TLS; {@code master-url} only points it elsewhere.
     * TLS verification is never switched off here: a cluster with its own CA gives it through the
     * chain (kubeconfig's certificate-authority, {@code KUBERNETES_CA_CERTIFICATE_FILE}).
     */
    static Config config(KubernetesSettings settings) {
        Config chain = Config.autoConfigure(null);
        return settings.masterUrl() == null ? chain : new ConfigBuilder(chain).withMasterUrl(settings.masterUrl()).build();
    }

    @Bean
    @ConditionalOnMissingBean
    public EnvironmentApplier environmentApplier(KubernetesClient client, KubernetesSettings settings) {
        return new EnvironmentApplier(client, settings);
    }

    @Bean
    @ConditionalOnMissingBean
    public ServiceEndpoints serviceEndpoints(EndpointSettings settings, KubernetesClient client) {
        return switch (settings.mode()) {
            case "cluster-dns" -> new ClusterDnsEndpoints();
            case "port-forward" -> new PortForwardEndpoints(client);
            case "fixed" -> new FixedEndpoints(settings.fixed());
            default -> throw new IllegalArgumentException("envsaga.kubernetes.endpoints.mode: " + settings.mode()
                    + " is not one of cluster-dns, port-forward, fixed");
        };
    }
}

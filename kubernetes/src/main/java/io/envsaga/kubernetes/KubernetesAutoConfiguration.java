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
        Config config = settings.masterUrl() == null ? Config.autoConfigure(null)
                : new ConfigBuilder(Config.empty()).withMasterUrl(settings.masterUrl()).withTrustCerts(true).build();
        // names the service in the API server's audit log (and in the RBAC evidence of the tests)
        config.setUserAgent("envsaga/" + applicationName);
        return new KubernetesClientBuilder().withConfig(config).build();
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

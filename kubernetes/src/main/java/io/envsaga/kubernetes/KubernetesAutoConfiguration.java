package io.envsaga.kubernetes;

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
 * A Kubernetes client (kubeconfig or in-cluster, or {@code envsaga.kubernetes.master-url}) and the
 * {@link EnvironmentApplier} for a step service.
 */
@AutoConfiguration
@EnableConfigurationProperties(KubernetesSettings.class)
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
}

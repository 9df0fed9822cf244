package io.envsaga.cache;

import io.envsaga.kubernetes.EnvironmentApplier;
import io.envsaga.kubernetes.KubernetesSettings;
import io.envsaga.kubernetes.endpoint.ServiceEndpoints;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetSocketAddress;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The cache step as the participant library's one {@code StepHandler}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CacheProperties.class)
public class CacheConfiguration {

    @Bean(destroyMethod = "close")
    RedisCheck redisCheck(CacheProperties properties) {
        return new RedisCheck(properties.check());
    }

    /** Cluster DNS until the Kubernetes library's endpoints (issue 8) provide the bean. */
    @Bean
    @ConditionalOnMissingBean
    ServiceEndpoints serviceEndpoints() {
        return (namespace, service, port) -> InetSocketAddress.createUnresolved(service + "." + namespace + ".svc", port);
    }

    @Bean
    CacheStep cacheStep(EnvironmentApplier applier, KubernetesClient client, ServiceEndpoints endpoints, RedisCheck check,
                        CacheProperties properties, KubernetesSettings settings) {
        return new CacheStep(applier, client, endpoints, check, properties, settings);
    }
}

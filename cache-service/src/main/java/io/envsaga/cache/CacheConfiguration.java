package io.envsaga.cache;

import io.envsaga.kubernetes.EnvironmentApplier;
import io.envsaga.kubernetes.KubernetesSettings;
import io.envsaga.kubernetes.endpoint.ServiceEndpoints;
import io.fabric8.kubernetes.client.KubernetesClient;
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

    @Bean
    CacheStep cacheStep(EnvironmentApplier applier, KubernetesClient client, ServiceEndpoints endpoints, RedisCheck check,
                        CacheProperties properties, KubernetesSettings settings) {
        return new CacheStep(applier, client, endpoints, check, properties, settings);
    }
}

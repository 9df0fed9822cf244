package io.envsaga.storage;

import io.envsaga.kubernetes.EnvironmentApplier;
import io.envsaga.kubernetes.KubernetesSettings;
import io.envsaga.kubernetes.endpoint.ServiceEndpoints;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The storage step as the participant library's one {@code StepHandler}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StorageProperties.class)
public class StorageConfiguration {

    @Bean
    StorageStep storageStep(EnvironmentApplier applier, KubernetesClient client, ServiceEndpoints endpoints, StorageProperties properties,
                            KubernetesSettings settings) {
        return new StorageStep(applier, client, endpoints, properties, settings, Credentials.secureRandom(),
                new PostgresBootstrap(10), new BucketCheck(Duration.ofSeconds(10)));
    }
}

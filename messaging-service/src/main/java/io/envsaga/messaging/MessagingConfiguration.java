package io.envsaga.messaging;

import io.envsaga.kubernetes.EnvironmentApplier;
import io.envsaga.kubernetes.endpoint.ServiceEndpoints;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The messaging step as the participant library's one {@code StepHandler}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MessagingProperties.class)
public class MessagingConfiguration {

    @Bean
    MessagingStep messagingStep(EnvironmentApplier applier, KubernetesClient client, ServiceEndpoints endpoints, MessagingProperties properties) {
        return new MessagingStep(applier, new BrokerCheck(client, endpoints), properties);
    }
}

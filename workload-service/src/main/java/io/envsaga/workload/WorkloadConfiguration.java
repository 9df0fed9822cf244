package io.envsaga.workload;

import io.envsaga.kubernetes.EnvironmentApplier;
import io.envsaga.kubernetes.KubernetesSettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The workloads step as the participant library's one {@code StepHandler}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WorkloadProperties.class)
public class WorkloadConfiguration {

    @Bean
    WorkloadStep workloadStep(EnvironmentApplier applier, WorkloadProperties properties, KubernetesSettings settings) {
        return new WorkloadStep(applier, properties, settings);
    }
}

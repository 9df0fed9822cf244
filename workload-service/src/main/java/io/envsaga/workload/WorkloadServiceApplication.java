package io.envsaga.workload;

import io.envsaga.kubernetes.EnvironmentApplier;
import io.envsaga.kubernetes.KubernetesSettings;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** workload-service: the environment's Deployments, Services and Traefik ingress. */
@SpringBootApplication
@EnableConfigurationProperties(WorkloadProperties.class)
public class WorkloadServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(WorkloadServiceApplication.class, args);
    }

    @Bean
    WorkloadStep workloadStep(EnvironmentApplier applier, WorkloadProperties properties, KubernetesSettings settings) {
        return new WorkloadStep(applier, properties, settings);
    }
}

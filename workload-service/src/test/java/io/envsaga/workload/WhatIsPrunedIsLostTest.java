package io.envsaga.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.EnvironmentValidator;
import io.envsaga.contracts.spec.SpecEffects;
import io.envsaga.kubernetes.Desired;
import io.envsaga.kubernetes.KubernetesSettings;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The orchestrator requires the delete right for what {@link SpecEffects#lost} reports: whatever
 * this step's renderer would prune between two generations must be reported there (docs/security.md,
 * "Removing is deleting, however the spec says it").
 */
class WhatIsPrunedIsLostTest {

    private static final String BEFORE = """
            apiVersion: envsaga.io/v1
            kind: Environment
            metadata: { name: acme }
            spec:
              tier: preview
              dns: { zone: acme.dev, hosts: [app.acme.dev] }
              ingress: { kind: IngressRoute, host: app.acme.dev, tls: { clusterIssuer: letsencrypt }, routes: [ { path: /, workload: web } ] }
              workloads:
                - { name: web, image: 'ghcr.io/acme/web:1', port: 8080 }
                - { name: worker, image: 'ghcr.io/acme/worker:1', port: 9000 }
            """;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "    - { name: worker, image: 'ghcr.io/acme/worker:1', port: 9000 }\\n|",
            "name: worker,|name: jobs,",
            "worker:1', port: 9000|worker:1'",
            "kind: IngressRoute|kind: Ingress",
            "tls: { clusterIssuer: letsencrypt }, |",
            "  tier: preview\\n|  tier: preview\\n  namespace: acme-2\\n"})
    void whatTheRendererWouldPruneIsReportedLost(String from, String to) {
        Environment before = spec(BEFORE);
        Environment after = spec(BEFORE.replace(from.replace("\\n", "\n"), to == null ? "" : to.replace("\\n", "\n")));

        Set<String> pruned = objects(before);
        pruned.removeAll(objects(after));

        assertThat(pruned).as("the mutation prunes something").isNotEmpty();
        assertThat(SpecEffects.lost(before, after)).as("pruned " + pruned).isNotEmpty();
    }

    private static Set<String> objects(Environment environment) {
        Set<String> objects = new HashSet<>();
        for (Desired desired : WorkloadObjects.desired(environment, WorkloadProperties.standard(), KubernetesSettings.defaults().podFailures())) {
            if (!desired.createOnly()) {
                objects.add(environment.namespace() + "/" + desired.kind().kind() + "/" + desired.object().getMetadata().getName());
            }
        }
        return objects;
    }

    private static Environment spec(String yaml) {
        return new EnvironmentValidator().validate(yaml).orThrow();
    }
}

package io.envsaga.workload;

import static io.envsaga.testsupport.specs.PrunedIsLost.assertPrunedIsLost;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.kubernetes.Desired;
import io.envsaga.kubernetes.KubernetesSettings;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What this step would prune between two generations needs the delete right ({@link io.envsaga.contracts.spec.SpecEffects}). */
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
        assertPrunedIsLost(BEFORE, BEFORE.replace(from.replace("\\n", "\n"), to == null ? "" : to.replace("\\n", "\n")),
                WhatIsPrunedIsLostTest::objects);
    }

    private static Set<String> objects(Environment environment) {
        return WorkloadObjects.desired(environment, WorkloadProperties.standard(), KubernetesSettings.defaults().podFailures()).stream()
                .filter(desired -> !desired.createOnly()).map(desired -> name(environment, desired)).collect(Collectors.toSet());
    }

    private static String name(Environment environment, Desired desired) {
        return environment.namespace() + "/" + desired.kind().kind() + "/" + desired.object().getMetadata().getName();
    }
}

package io.envsaga.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.simulation.kubernetes.ServiceRequestRecords;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Least privilege, proven: every Kubernetes API request each service made in its own tests
 * (kept by test-support's {@link ServiceRequestRecords}; this module builds after the services)
 * is replayed against the RBAC rules each cluster's overlay ({@code deploy/overlays/<cluster>})
 * grants the service's ServiceAccount in that cluster. A request the rules refuse fails the test
 * (the service would fail in a real cluster), and so does a verb of a rule that no request used (a
 * right the service does not need). A service an overlay does not run (storage-service in
 * production, the orchestrator in stage) is not replayed for it, and gets no rights there.
 */
class RbacReplayTest {

    private static Map<String, List<ApiRequest>> requestsByService;
    private static final Map<String, Overlay> overlays = new HashMap<>();

    private record Overlay(List<Map<String, Object>> objects, RbacRules rbac) {

        Map<String, Object> deployment(String service) {
            return Manifests.deployment(objects, service);
        }

        /** The service's ServiceAccount, as its Deployment names it. */
        String serviceAccount(String service) {
            return (String) Manifests.map(deployment(service), "spec", "template", "spec").get("serviceAccountName");
        }
    }

    @BeforeAll
    static void load() throws Exception {
        List<Map<String, String>> records = ServiceRequestRecords.read(Manifests.ROOT);
        assertThat(records).as("no Kubernetes requests of envsaga's services were recorded under %s/*/%s: "
                + "run the services' integration tests first (./mvnw verify runs them before this module)",
                Manifests.ROOT, ServiceRequestRecords.DIRECTORY).isNotEmpty();
        requestsByService = records.stream().collect(Collectors.groupingBy(r -> r.get("service"),
                Collectors.mapping(r -> ApiRequest.parse(r.get("verb"), r.get("path")), Collectors.toList())));
        for (String name : Manifests.overlays()) {
            List<Map<String, Object>> objects = Manifests.objects(name);
            overlays.put(name, new Overlay(objects, RbacRules.of(objects)));
        }
    }

    @Test
    void everyServiceThatMadeRequestsRunsInSomeCluster() {
        assertThat(requestsByService.keySet()).as("services with recorded requests and no Deployment in any overlay of deploy/")
                .allSatisfy(service -> assertThat(overlays.values()).anySatisfy(o -> assertThat(o.deployment(service)).isNotNull()));
    }

    @ParameterizedTest
    @MethodSource("io.envsaga.deploy.Manifests#overlays")
    void everyRequestAServiceMadeIsAllowedToItsServiceAccount(String cluster) {
        Overlay overlay = overlays.get(cluster);
        List<String> refused = new ArrayList<>();
        requestsByService.forEach((service, requests) -> {
            if (overlay.deployment(service) == null) {
                return; // not run in this cluster
            }
            List<RbacRules.Rule> rules = overlay.rbac().of(overlay.serviceAccount(service));
            new TreeSet<>(requests.stream().flatMap(r -> r.verbs().stream()
                    .filter(verb -> rules.stream().noneMatch(rule -> rule.allows(r, verb)))
                    .map(verb -> service + " may not " + verb + " " + r.describe())).toList()).forEach(refused::add);
        });
        assertThat(refused).as("requests the RBAC of deploy/overlays/" + cluster + " refuses").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("io.envsaga.deploy.Manifests#overlays")
    void everyGrantedVerbWasUsedByARequest(String cluster) {
        Overlay overlay = overlays.get(cluster);
        List<String> unused = new ArrayList<>();
        for (Map<String, Object> deployment : Manifests.ofKind(overlay.objects(), "Deployment")) {
            String service = Manifests.name(deployment);
            List<ApiRequest> requests = requestsByService.getOrDefault(service, List.of());
            for (RbacRules.Grant grant : overlay.rbac().grants(overlay.serviceAccount(service))) {
                boolean used = requests.stream().anyMatch(r -> r.group().equals(grant.group()) && r.resource().equals(grant.resource())
                        && r.verbs().contains(grant.verb()) && (grant.namespace() == null || grant.namespace().equals(r.namespace())));
                if (!used) {
                    unused.add(service + " is granted what none of its requests needed: " + grant.describe());
                }
            }
        }
        assertThat(unused).as("over-privilege in deploy/overlays/" + cluster).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("io.envsaga.deploy.Manifests#overlays")
    void onlyTheServicesOfTheClusterHaveRightsInIt(String cluster) {
        Overlay overlay = overlays.get(cluster);
        Set<String> accounts = Manifests.ofKind(overlay.objects(), "Deployment").stream().map(d -> overlay.serviceAccount(Manifests.name(d)))
                .collect(Collectors.toSet());
        assertThat(accounts).as("a ServiceAccount per service").hasSize(Manifests.ofKind(overlay.objects(), "Deployment").size());
        assertThat(overlay.rbac().serviceAccounts()).as("ServiceAccounts bound to rules in " + cluster).isSubsetOf(accounts);
    }

    @ParameterizedTest
    @MethodSource("io.envsaga.deploy.Manifests#overlays")
    void noRuleUsesAWildcard(String cluster) {
        RbacRules rbac = overlays.get(cluster).rbac();
        List<String> wildcards = new ArrayList<>();
        for (String account : rbac.serviceAccounts()) {
            rbac.of(account).stream().filter(r -> r.groups().contains("*") || r.resources().contains("*") || r.verbs().contains("*"))
                    .forEach(r -> wildcards.add(account + ": " + r));
        }
        assertThat(wildcards).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("io.envsaga.deploy.Manifests#overlays")
    void theOrchestratorHasNoKubernetesRightsAndNoToken(String cluster) {
        Overlay overlay = overlays.get(cluster);
        assertThat(overlay.rbac().of("orchestrator")).isEmpty();
        Map<String, Object> orchestrator = overlay.deployment("orchestrator");
        if (orchestrator != null) {
            assertThat(Manifests.map(orchestrator, "spec", "template", "spec").get("automountServiceAccountToken")).isEqualTo(false);
        }
    }

    @ParameterizedTest
    @MethodSource("io.envsaga.deploy.Manifests#overlays")
    void theReplayRefusesARequestNoRuleCovers(String cluster) {
        Overlay overlay = overlays.get(cluster);
        // the check itself: a request for Secrets by dns-service (which reads only Nodes) is refused
        ApiRequest secrets = ApiRequest.parse("LIST", "/api/v1/namespaces/codedang-stage/secrets");
        assertThat(overlay.rbac().of(overlay.serviceAccount("dns-service"))).noneMatch(rule -> rule.allows(secrets, "list"));
        ApiRequest nodes = ApiRequest.parse("WATCH", "/api/v1/nodes?watch=true");
        assertThat(overlay.rbac().of(overlay.serviceAccount("dns-service"))).anyMatch(rule -> rule.allows(nodes, "watch"));
        assertThat(ApiRequest.parse("APPLY", "/apis/apps/v1/namespaces/x/deployments/web").verbs()).isEqualTo(Set.of("patch", "create"));
    }
}

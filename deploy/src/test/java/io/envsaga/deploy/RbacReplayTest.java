package io.envsaga.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.simulation.kubernetes.ServiceRequestRecords;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, proven: every Kubernetes API request each service made in its own tests
 * (kept by test-support's {@link ServiceRequestRecords}; this module builds after the services)
 * is replayed against the RBAC rules {@code deploy/overlays/production} grants the service's
 * ServiceAccount. A request the rules refuse fails the test (the service would fail in a real
 * cluster), and so does a verb of a rule that no request used (a right the service does not need).
 */
class RbacReplayTest {

    private static List<Map<String, Object>> objects;
    private static RbacRules rbac;
    private static Map<String, List<ApiRequest>> requestsByService;

    @BeforeAll
    static void load() throws Exception {
        objects = Manifests.objects("production");
        rbac = RbacRules.of(objects);
        List<Map<String, String>> records = ServiceRequestRecords.read(Manifests.ROOT);
        assertThat(records).as("no Kubernetes requests of envsaga's services were recorded under %s/*/%s: "
                + "run the services' integration tests first (./mvnw verify runs them before this module)",
                Manifests.ROOT, ServiceRequestRecords.DIRECTORY).isNotEmpty();
        requestsByService = records.stream().collect(Collectors.groupingBy(r -> r.get("service"),
                Collectors.mapping(r -> ApiRequest.parse(r.get("verb"), r.get("path")), Collectors.toList())));
    }

    /** The service's ServiceAccount, as its Deployment names it. */
    private static String serviceAccount(String service) {
        return Manifests.ofKind(objects, "Deployment").stream().filter(d -> service.equals(Manifests.name(d)))
                .map(d -> (String) Manifests.map(d, "spec", "template", "spec").get("serviceAccountName")).findFirst()
                .orElseThrow(() -> new AssertionError("service " + service + " made Kubernetes requests but deploy/ has no Deployment of it"));
    }

    @Test
    void everyRequestAServiceMadeIsAllowedToItsServiceAccount() {
        List<String> refused = new ArrayList<>();
        requestsByService.forEach((service, requests) -> {
            List<RbacRules.Rule> rules = rbac.of(serviceAccount(service));
            new TreeSet<>(requests.stream().flatMap(r -> r.verbs().stream()
                    .filter(verb -> rules.stream().noneMatch(rule -> rule.allows(r, verb)))
                    .map(verb -> service + " may not " + verb + " " + r.describe())).toList()).forEach(refused::add);
        });
        assertThat(refused).as("requests the RBAC of deploy/ refuses").isEmpty();
    }

    @Test
    void everyGrantedVerbWasUsedByARequest() {
        List<String> unused = new ArrayList<>();
        for (Map<String, Object> deployment : Manifests.ofKind(objects, "Deployment")) {
            String service = Manifests.name(deployment);
            List<ApiRequest> requests = requestsByService.getOrDefault(service, List.of());
            for (RbacRules.Grant grant : rbac.grants(serviceAccount(service))) {
                boolean used = requests.stream().anyMatch(r -> r.group().equals(grant.group()) && r.resource().equals(grant.resource())
                        && r.verbs().contains(grant.verb()) && (grant.namespace() == null || grant.namespace().equals(r.namespace())));
                if (!used) {
                    unused.add(service + " is granted what none of its requests needed: " + grant.describe());
                }
            }
        }
        assertThat(unused).as("over-privilege").isEmpty();
    }

    @Test
    void noRuleUsesAWildcard() {
        List<String> wildcards = new ArrayList<>();
        for (String account : rbac.serviceAccounts()) {
            rbac.of(account).stream().filter(r -> r.groups().contains("*") || r.resources().contains("*") || r.verbs().contains("*"))
                    .forEach(r -> wildcards.add(account + ": " + r));
        }
        assertThat(wildcards).isEmpty();
    }

    @Test
    void theOrchestratorHasNoKubernetesRightsAndNoToken() {
        assertThat(rbac.of("orchestrator")).isEmpty();
        Map<String, Object> pod = Manifests.ofKind(objects, "Deployment").stream().filter(d -> "orchestrator".equals(Manifests.name(d)))
                .findFirst().map(d -> Manifests.map(d, "spec", "template", "spec")).orElseThrow();
        assertThat(pod.get("automountServiceAccountToken")).isEqualTo(false);
    }

    @Test
    void theReplayRefusesARequestNoRuleCovers() {
        // the check itself: a request for Secrets by dns-service (which reads only Nodes) is refused
        ApiRequest secrets = ApiRequest.parse("LIST", "/api/v1/namespaces/codedang-stage/secrets");
        assertThat(rbac.of(serviceAccount("dns-service"))).noneMatch(rule -> rule.allows(secrets, "list"));
        ApiRequest nodes = ApiRequest.parse("WATCH", "/api/v1/nodes?watch=true");
        assertThat(rbac.of(serviceAccount("dns-service"))).anyMatch(rule -> rule.allows(nodes, "watch"));
        assertThat(ApiRequest.parse("APPLY", "/apis/apps/v1/namespaces/x/deployments/web").verbs()).isEqualTo(Set.of("patch", "create"));
    }
}

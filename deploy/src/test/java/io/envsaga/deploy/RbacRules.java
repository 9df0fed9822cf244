package io.envsaga.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The RBAC rules a rendered overlay grants each ServiceAccount, through ClusterRoleBindings
 * (rules in every namespace) and RoleBindings (rules in the binding's namespace), as a real
 * authorizer combines them: a request is allowed when one rule matches its group, resource and
 * every verb it needs (and its name, when the rule lists resourceNames).
 */
final class RbacRules {

    /** One verb of one resource of one group that a rule grants, where. Used to find what no request needed. */
    record Grant(String role, String group, String resource, String verb, String namespace) {
        String describe() {
            return role + ": " + verb + " " + (group.isEmpty() ? "core" : group) + "/" + resource + (namespace != null ? " in " + namespace : "");
        }
    }

    record Rule(String role, List<String> groups, List<String> resources, List<String> verbs, List<String> names, String namespace) {

        boolean allows(ApiRequest request, String verb) {
            return (namespace == null || namespace.equals(request.namespace()))
                    && matches(groups, request.group()) && matches(resources, request.resource()) && matches(verbs, verb)
                    && (names.isEmpty() || names.contains(request.name()));
        }

        private static boolean matches(List<String> allowed, String value) {
            return allowed.contains("*") || allowed.contains(value);
        }
    }

    private final Map<String, List<Rule>> rulesByServiceAccount;

    private RbacRules(Map<String, List<Rule>> rulesByServiceAccount) {
        this.rulesByServiceAccount = rulesByServiceAccount;
    }

    static RbacRules of(List<Map<String, Object>> objects) {
        Map<String, Map<String, Object>> clusterRoles = new HashMap<>();
        Map<String, Map<String, Object>> roles = new HashMap<>();
        Manifests.ofKind(objects, "ClusterRole").forEach(r -> clusterRoles.put(Manifests.name(r), r));
        Manifests.ofKind(objects, "Role").forEach(r -> roles.put(Manifests.map(r, "metadata").get("namespace") + "/" + Manifests.name(r), r));
        Map<String, List<Rule>> rules = new HashMap<>();
        for (String bindingKind : List.of("ClusterRoleBinding", "RoleBinding")) {
            for (Map<String, Object> binding : Manifests.ofKind(objects, bindingKind)) {
                String bindingNamespace = bindingKind.equals("RoleBinding") ? (String) Manifests.map(binding, "metadata").get("namespace") : null;
                Map<String, Object> roleRef = Manifests.map(binding, "roleRef");
                Map<String, Object> role = "ClusterRole".equals(roleRef.get("kind")) ? clusterRoles.get(roleRef.get("name"))
                        : roles.get(bindingNamespace + "/" + roleRef.get("name"));
                if (role == null) {
                    throw new AssertionError(bindingKind + " " + Manifests.name(binding) + " refers to a missing " + roleRef);
                }
                for (Object subject : Manifests.list(binding, "subjects")) {
                    Map<String, Object> s = Manifests.map(subject);
                    if (!"ServiceAccount".equals(s.get("kind"))) {
                        continue;
                    }
                    List<Rule> of = rules.computeIfAbsent((String) s.get("name"), k -> new ArrayList<>());
                    for (Object r : Manifests.list(role, "rules")) {
                        of.add(new Rule(Manifests.name(role), strings(r, "apiGroups"), strings(r, "resources"), strings(r, "verbs"),
                                strings(r, "resourceNames"), bindingNamespace));
                    }
                }
            }
        }
        return new RbacRules(rules);
    }

    List<Rule> of(String serviceAccount) {
        return rulesByServiceAccount.getOrDefault(serviceAccount, List.of());
    }

    Set<String> serviceAccounts() {
        return rulesByServiceAccount.keySet();
    }

    /** Every (group, resource, verb) a service account's rules grant, one entry each. */
    List<Grant> grants(String serviceAccount) {
        List<Grant> grants = new ArrayList<>();
        for (Rule rule : of(serviceAccount)) {
            for (String group : rule.groups()) {
                for (String resource : rule.resources()) {
                    for (String verb : rule.verbs()) {
                        grants.add(new Grant(rule.role(), group, resource, verb, rule.namespace()));
                    }
                }
            }
        }
        return grants;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object rule, String key) {
        Object value = Manifests.map(rule).get(key);
        return value == null ? List.of() : (List<String>) value;
    }
}

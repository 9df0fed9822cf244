package io.envsaga.simulation.operators;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/**
 * The cluster operator's TLS checks (rabbitmq/cluster-operator {@code internal/controller/reconcile_tls.go}
 * lines 18-35 and 37-90): {@code disableNonTLSListeners} without TLS, a missing TLS Secret, one
 * without {@code tls.crt} and {@code tls.key}, a CA Secret without {@code ca.crt}.
 */
final class RabbitmqTls {

    private RabbitmqTls() {
    }

    /** The error the operator writes as {@code TLSError}, or null. */
    static String error(KubernetesClient client, String ns, Map<String, Object> spec) {
        Map<?, ?> tls = spec.get("tls") instanceof Map<?, ?> m ? m : Map.of();
        String secretName = tls.get("secretName") instanceof String n && !n.isEmpty() ? n : null;
        String caSecretName = tls.get("caSecretName") instanceof String n && !n.isEmpty() ? n : null;
        if (Boolean.TRUE.equals(tls.get("disableNonTLSListeners")) && secretName == null) {
            return "TLS must be enabled if disableNonTLSListeners is set to true";
        }
        if (secretName == null) {
            return null;
        }
        Secret secret = client.secrets().inNamespace(ns).withName(secretName).get();
        if (secret == null) {
            return "secrets \"" + secretName + "\" not found";
        }
        if (!has(secret, "tls.crt") || !has(secret, "tls.key")) {
            return "TLS secret " + secretName + " in namespace " + ns + " does not have the fields tls.crt and tls.key";
        }
        if (caSecretName != null) {
            Secret ca = caSecretName.equals(secretName) ? secret : client.secrets().inNamespace(ns).withName(caSecretName).get();
            if (ca == null) {
                return "secrets \"" + caSecretName + "\" not found";
            }
            if (!has(ca, "ca.crt")) {
                return "TLS secret " + caSecretName + " in namespace " + ns + " does not have the field ca.crt";
            }
        }
        return null;
    }

    private static boolean has(Secret secret, String key) {
        return secret.getData() != null && secret.getData().containsKey(key) || secret.getStringData() != null && secret.getStringData().containsKey(key);
    }
}

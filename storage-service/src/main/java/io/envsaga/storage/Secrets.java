package io.envsaga.storage;

import io.envsaga.participant.StepFailure;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Secret values in and out. Rendered into {@code data} (base64), which every API server and the
 * test cluster store as sent; read back at check time and never logged.
 */
final class Secrets {

    private Secrets() {
    }

    static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws StepFailure (retryable: another generation may still be making it) when the Secret or the key is missing */
    static String read(KubernetesClient client, String namespace, String secret, String key) {
        Secret found = client.secrets().inNamespace(namespace).withName(secret).get();
        String value = found == null || found.getData() == null ? null : found.getData().get(key);
        if (value == null) {
            throw new StepFailure("Secret " + namespace + "/" + secret + " has no key " + key, true);
        }
        return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    }
}

package io.envsaga.simulation.kubernetes;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The validating webhooks registered with the simulated API server, and the answer to an update
 * one of them denies, as a real API server gives it: k8s.io/apiserver
 * {@code pkg/admission/plugin/webhook/errors/statuserror.go} ({@code ToStatusErr}: the message is
 * {@code admission webhook "<name>" denied the request: <the webhook's message>}, the code the
 * webhook's, at least 400) with the code and reason a controller-runtime validator gives a denial
 * (sigs.k8s.io/controller-runtime {@code pkg/webhook/admission/validator_custom.go}: an error that
 * is not an API status becomes {@code Denied(err.Error())}, {@code response.go}: 403
 * {@code Forbidden}; an API status error keeps its own, e.g. {@code NewForbidden}, 403).
 */
public final class ValidatingWebhooks {

    private final List<ValidatingWebhook> registered = new CopyOnWriteArrayList<>();

    public void add(ValidatingWebhook webhook) {
        registered.add(webhook);
    }

    public void remove(ValidatingWebhook webhook) {
        registered.remove(webhook);
    }

    /**
     * The denial of an update of the object at {@code path} (an object's path, not its status),
     * or null when every webhook of its group and resource allows it (or none is registered).
     */
    MockResponse review(String path, Supplier<String> stored, String updated) {
        if (registered.isEmpty() || path.endsWith("/status")) {
            return null;
        }
        // /apis/<group>/<version>/namespaces/<ns>/<resource>/<name>
        String[] parts = path.split("/");
        if (parts.length < 8 || !"apis".equals(parts[1]) || !"namespaces".equals(parts[4])) {
            return null;
        }
        String current = registered.stream().anyMatch(w -> w.group().equals(parts[2]) && w.resource().equals(parts[6])) ? stored.get() : null;
        if (current == null) {
            return null; // no webhook of this resource, or a PUT of an object that is not there (404 follows)
        }
        for (ValidatingWebhook webhook : registered) {
            if (webhook.group().equals(parts[2]) && webhook.resource().equals(parts[6])) {
                String denied = webhook.validateUpdate(JsonMergePatch.read(current), JsonMergePatch.read(updated));
                if (denied != null) {
                    return denial(webhook.name(), denied);
                }
            }
        }
        return null;
    }

    static MockResponse denial(String webhook, String message) {
        ObjectNode status = JsonNodeFactory.instance.objectNode();
        status.put("kind", "Status").put("apiVersion", "v1").putObject("metadata");
        status.put("status", "Failure").put("message", "admission webhook \"" + webhook + "\" denied the request: " + message)
                .put("reason", "Forbidden").put("code", 403);
        return new MockResponse().setResponseCode(403).setBody(status.toString());
    }
}

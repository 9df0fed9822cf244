package io.envsaga.simulation.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A validating admission webhook of an operator, registered with the simulated API server while
 * the simulated operator runs (as installing the real operator registers its
 * ValidatingWebhookConfiguration). Consulted for every update of an object of its group and
 * resource (a PUT, a JSON merge patch, a server-side apply of an existing object; not the status
 * subresource); a denial is answered as the API server answers it ({@link ValidatingWebhooks}).
 */
public interface ValidatingWebhook {

    /** The webhook's name in its ValidatingWebhookConfiguration, e.g. {@code vqueue.kb.io}. */
    String name();

    /** The API group and the resource (plural) whose updates it validates. */
    String group();

    String resource();

    /** @return null to allow the update; otherwise the webhook's message (the API server prefixes it) */
    String validateUpdate(JsonNode old, JsonNode updated);
}

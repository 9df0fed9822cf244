package io.envsaga.simulation.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;

/**
 * fabric8's CRUD dispatcher taught server-side apply, and counting every request.
 *
 * <p>The stock mock answers an {@code application/apply-patch+yaml} PATCH with 404 (object absent)
 * or 415 (present). Here an apply patch creates the object when it is absent (as a POST to its
 * collection would) and, when present, merges the applied configuration into it with JSON merge
 * patch rules (RFC 7386: maps merged key by key, lists and scalars replaced, {@code null} removes)
 * and stores the result (as a PUT would): the object's status, uid, creation time and, when
 * nothing changed, its resourceVersion are kept, so that re-applying the same configuration is a
 * no-op, as on a real API server.
 *
 * <p>Like a real server, it answers 404 for a custom group/version whose CRD was not created,
 * 409 to a delete whose {@code preconditions.resourceVersion} is no longer the object's, and
 * refuses an apply that the CRD's schema refuses ({@link CrdSchemas}: an undeclared field, a
 * change of an immutable one).
 *
 * <p>Not emulated: field ownership ({@code managedFields}); conflicts between field managers
 * (a real server answers 409 unless {@code force=true}, the mock never does); removal of fields a
 * manager applied before and no longer applies (the real server removes them, the mock keeps
 * them, except lists, which are replaced whole); list-map merge keys ({@code containers} by name
 * and so on: replaced whole here); {@code dryRun}. See docs/kubernetes-library.md.
 *
 * <p>Its parts: {@link JsonMergePatch} (the merge rule), {@link ServedApis} (which paths exist),
 * {@link CrdSchemas} (what a CRD's schema refuses), {@link DeletionHistory} (watches from before a deletion), {@link SafelyClosingWatch} (watches that
 * close without stalling the server), {@link KubectlViews} (what kubectl asks) and {@link RequestLog}.
 */
public class ServerSideApplyDispatcher extends KubernetesCrudDispatcher {

    public static final String APPLY_PATCH = "application/apply-patch+yaml";

    private final RequestLog requests = new RequestLog();
    private final DeletionHistory deletions = new DeletionHistory();
    private final KubectlViews kubectl = new KubectlViews();
    private final ServedApis served = new ServedApis();
    private final CrdSchemas schemas = new CrdSchemas();
    private final Object applyLock = new Object();
    private final ValidatingWebhooks webhooks = new ValidatingWebhooks();

    public ServerSideApplyDispatcher(List<CustomResourceDefinitionContext> crds) {
        super(crds);
    }

    /** The validating admission webhooks consulted on every update ({@link ValidatingWebhooks}). */
    public ValidatingWebhooks webhooks() {
        return webhooks;
    }

    /** Every request the server answered so far. */
    public RequestLog requests() {
        return requests;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        requests.record(request.getMethod(), request.getPath(), request.getHeader("Content-Type"), request.getHeader("User-Agent"),
                isSingleObject(request.getPath()));
        if (!served.serves(request.getPath())) {
            return ServedApis.notFound();
        }
        MockResponse discovery = "GET".equals(request.getMethod()) ? kubectl.discovery(ServedApis.withoutQuery(request.getPath())) : null;
        if (discovery != null) {
            return discovery;
        }
        if ("DELETE".equals(request.getMethod())) {
            return deleteWithPreconditions(request);
        }
        MockResponse gone = "GET".equals(request.getMethod()) ? deletions.expiredWatch(request.getPath()) : null;
        if (gone != null) {
            return gone;
        }
        MockResponse response = super.dispatch(request);
        if (KubectlViews.wantsTable(request)) {
            return kubectl.table(ServedApis.withoutQuery(request.getPath()), response);
        }
        if (ServedApis.createsCrd(request.getMethod(), request.getPath()) && response.code() < 300) {
            JsonNode crd = JsonMergePatch.read(new String(response.getBody().getBytes(), StandardCharsets.UTF_8));
            served.crdCreated(crd);
            kubectl.crdCreated(crd);
            schemas.crdCreated(crd);
        }
        return response;
    }

    /** Every deletion, whoever made it, is stamped with a resourceVersion of its own ({@link DeletionHistory}). */
    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes, GenericKubernetesResource resource,
                             String newState) {
        if (newState == null) {
            deletions.deleted(requestResourceVersion());
        }
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    }

    /**
     * A delete honours {@code DeleteOptions.preconditions.resourceVersion} as a real server does (the
     * stock mock ignores the body): 409 Conflict when the object changed since, checked and deleted
     * under the dispatcher's write lock, so that no write comes between.
     */
    private MockResponse deleteWithPreconditions(RecordedRequest request) {
        String body = request.getBody() == null ? "" : request.getBody().readUtf8();
        String expected = body.isBlank() ? "" : JsonMergePatch.read(body).path("preconditions").path("resourceVersion").asText("");
        if (expected.isEmpty()) {
            return super.dispatch(request);
        }
        Lock write = CrudDispatcherInternals.lock(this).writeLock();
        write.lock();
        try {
            String current = currentState(ServedApis.withoutQuery(request.getPath()));
            String actual = current == null ? null : JsonMergePatch.read(current).path("metadata").path("resourceVersion").asText();
            if (actual != null && !expected.equals(actual)) {
                return new MockResponse().setResponseCode(409).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                        + "\"reason\":\"Conflict\",\"code\":409,\"message\":\"Precondition failed: ResourceVersion in precondition: "
                        + expected + ", ResourceVersion in object meta: " + actual + "\"}");
            }
            return super.dispatch(request);
        } finally {
            write.unlock();
        }
    }

    /** An update (a PUT, and what a merge patch or an apply stores) passes the registered validating webhooks first. */
    @Override
    public MockResponse handleUpdate(RecordedRequest request) {
        String path = ServedApis.withoutQuery(request.getPath());
        String body = request.getBody() == null ? "" : request.getBody().readUtf8();
        MockResponse denied = webhooks.review(path, () -> currentState(path), body);
        return denied != null ? denied : super.handleUpdate(request(HttpMethod.PUT, path, body));
    }

    /** fabric8's watch, made safe to close ({@link SafelyClosingWatch}). */
    @Override
    public MockResponse handleWatch(String path) {
        MockResponse response = super.handleWatch(path);
        WebSocketListener watch = response.getWebSocketListener();
        return watch == null ? response
                : response.withWebSocketUpgrade(new SafelyClosingWatch(watch, listener -> CrudDispatcherInternals.forgetWatch(this, listener)));
    }

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
        String contentType = request.getHeader("Content-Type");
        String path = ServedApis.withoutQuery(request.getPath());
        if (contentType != null && contentType.startsWith("application/merge-patch") && !path.endsWith("/status")) {
            return mergePatch(request, path);
        }
        if (contentType == null || !contentType.startsWith("application/apply-patch") || path.endsWith("/status")) {
            return super.handlePatch(request);
        }
        return apply(request, path);
    }

    /** Server-side apply: created as a POST to its collection would, else merged into what is stored and stored as a PUT would. */
    private MockResponse apply(RecordedRequest request, String path) {
        JsonNode applied = JsonMergePatch.read(request.getBody().readUtf8());
        if (!(applied instanceof ObjectNode appliedObject)) {
            return new MockResponse().setResponseCode(400).setBody("{\"kind\":\"Status\",\"status\":\"Failure\",\"message\":\"apply patch is not an object\"}");
        }
        // the applied configuration never sets these
        if (appliedObject.get("metadata") instanceof ObjectNode metadata) {
            metadata.remove(List.of("resourceVersion", "managedFields", "uid", "creationTimestamp", "generation"));
        }
        appliedObject.remove("status");
        synchronized (applyLock) {
            String current = currentState(path);
            MockResponse refused = schemas.refusal(path, appliedObject, current == null ? null : JsonMergePatch.read(current));
            if (refused != null) {
                return refused;
            }
            if (current == null) {
                String collection = path.substring(0, path.lastIndexOf('/'));
                return handleCreate(request(HttpMethod.POST, collection, appliedObject.toString()));
            }
            JsonNode merged = JsonMergePatch.apply(JsonMergePatch.read(current), appliedObject);
            return handleUpdate(request(HttpMethod.PUT, path, merged.toString()));
        }
    }

    /**
     * A JSON merge patch as RFC 7386 says ({@code null} removes a key: the stock mock stores the
     * null), read and written under the dispatcher's write lock, so that two patches of the same
     * object are serialised as on a real server and a preconditioned delete sees either or both.
     */
    private MockResponse mergePatch(RecordedRequest request, String path) {
        JsonNode patch = JsonMergePatch.read(request.getBody().readUtf8());
        Lock write = CrudDispatcherInternals.lock(this).writeLock();
        write.lock();
        try {
            String current = currentState(path);
            if (current == null) {
                return new MockResponse().setResponseCode(404).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                        + "\"reason\":\"NotFound\",\"code\":404,\"message\":\"not found\"}");
            }
            ObjectNode merged = (ObjectNode) JsonMergePatch.apply(JsonMergePatch.read(current), patch);
            if (merged.get("metadata") instanceof ObjectNode metadata) {
                metadata.remove("resourceVersion"); // a merge patch is not an update with a precondition
            }
            return handleUpdate(request(HttpMethod.PUT, path, merged.toString()));
        } finally {
            write.unlock();
        }
    }

    private String currentState(String path) {
        synchronized (map) {
            Map.Entry<AttributeSet, String> entry = findResource(getKey(path));
            return entry == null ? null : entry.getValue();
        }
    }

    private boolean isSingleObject(String path) {
        try {
            return getKey(ServedApis.withoutQuery(path)).containsKey(KubernetesAttributesExtractor.NAME);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A request of our own to fabric8's handlers, with a JSON body. */
    private static RecordedRequest request(HttpMethod method, String path, String body) {
        return new RecordedRequest("HTTP/1.1", method, path, Headers.builder().add("Content-Type", "application/json").build(),
                new Buffer().writeUtf8(body));
    }
}

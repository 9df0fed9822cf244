package io.envsaga.simulation.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * <p>Like a real server, it answers 404 for a custom group/version whose CRD was not created, and
 * 409 to a delete whose {@code preconditions.resourceVersion} is no longer the object's.
 *
 * <p>Not emulated: field ownership ({@code managedFields}); conflicts between field managers
 * (a real server answers 409 unless {@code force=true}, the mock never does); removal of fields a
 * manager applied before and no longer applies (the real server removes them, the mock keeps
 * them, except lists, which are replaced whole); list-map merge keys ({@code containers} by name
 * and so on: replaced whole here); {@code dryRun}. See docs/kubernetes-library.md.
 */
public class ServerSideApplyDispatcher extends KubernetesCrudDispatcher {

    public static final String APPLY_PATCH = "application/apply-patch+yaml";

    private static final java.util.regex.Pattern GROUP_PATH = java.util.regex.Pattern.compile("^/apis/([^/]+)/([^/?]+)(/.*)?$");

    private static final java.util.regex.Pattern WATCH_FROM = java.util.regex.Pattern.compile("[?&]resourceVersion=(\\d+)");

    private final RequestLog requests = new RequestLog();
    /** The resourceVersion the latest deletion was stamped with (see {@link #processEvent}). */
    private final java.util.concurrent.atomic.AtomicLong lastDeletion = new java.util.concurrent.atomic.AtomicLong();
    private final KubectlViews kubectl = new KubectlViews();
    private final Object applyLock = new Object();
    /** The custom group/versions whose CRD has been created: others answer 404, as on a real server. */
    private final java.util.Set<String> servedCustomGroups = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public ServerSideApplyDispatcher(List<io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext> crds) {
        super(crds);
    }

    /** Every request the server answered so far. */
    public RequestLog requests() {
        return requests;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        requests.record(request.getMethod(), request.getPath(), request.getHeader("Content-Type"), request.getHeader("User-Agent"),
                isSingleObject(request.getPath()));
        if (!isServed(request.getPath())) {
            return new MockResponse().setResponseCode(404).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                    + "\"reason\":\"NotFound\",\"code\":404,\"message\":\"the server could not find the requested resource\"}");
        }
        MockResponse discovery = "GET".equals(request.getMethod()) ? kubectl.discovery(withoutQuery(request.getPath())) : null;
        if (discovery != null) {
            return discovery;
        }
        if ("DELETE".equals(request.getMethod())) {
            return deleteWithPreconditions(request);
        }
        MockResponse gone = "GET".equals(request.getMethod()) ? watchFromBeforeADeletion(request.getPath()) : null;
        if (gone != null) {
            return gone;
        }
        MockResponse response = super.dispatch(request);
        if (KubectlViews.wantsTable(request)) {
            return kubectl.table(withoutQuery(request.getPath()), response);
        }
        if ("POST".equals(request.getMethod()) && withoutQuery(request.getPath()).endsWith("/apiextensions.k8s.io/v1/customresourcedefinitions")
                && response.code() < 300) {
            JsonNode crd = read(new String(response.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8));
            crd.path("spec").path("versions").forEach(v -> servedCustomGroups.add(crd.path("spec").path("group").asText() + "/" + v.path("name").asText()));
            kubectl.crdCreated(crd);
        }
        return response;
    }

    /**
     * Every deletion, whoever made it (a DELETE, the last finalizer removed, a cascade), is stamped
     * with a resourceVersion of its own, so that a watch that asks for events from before it is known.
     */
    @Override
    public void processEvent(String path, io.fabric8.mockwebserver.crud.AttributeSet pathAttributes,
                             io.fabric8.mockwebserver.crud.AttributeSet oldAttributes,
                             io.fabric8.kubernetes.api.model.GenericKubernetesResource resource, String newState) {
        if (newState == null) {
            lastDeletion.set(requestResourceVersion());
        }
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    }

    /**
     * A watch from a resourceVersion older than the last deletion: an ERROR event with 410 Gone, "too
     * old resource version", as a real server answers when it no longer has the events since then. The stock mock
     * starts every watch with the objects that exist now and ignores its resourceVersion, so an
     * informer that listed, then lost an object before its watch began (the list and the watch are
     * two requests), would never hear of the deletion and wait for it forever; a real server sends
     * the DELETED event from its history. On 410 the informer lists again, as on a real cluster.
     */
    private MockResponse watchFromBeforeADeletion(String path) {
        java.util.regex.Matcher version = WATCH_FROM.matcher(path);
        if (!path.contains("watch=true") || !version.find()) {
            return null;
        }
        long from = Long.parseLong(version.group(1));
        long deleted = lastDeletion.get();
        if (from == 0 || from >= deleted) {
            return null;
        }
        // as a real server answers a websocket watch: accepted, then one ERROR event with the 410 Status, then closed;
        // fabric8 reads that as "gone" and its informer lists again (an HTTP 410 on the upgrade would fail the informer)
        String event = "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
                + "\"status\":\"Failure\",\"message\":\"too old resource version: " + from + " (" + deleted + ")\","
                + "\"reason\":\"Expired\",\"code\":410}}";
        return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
            @Override
            public void onOpen(WebSocket webSocket, Response response) {
                webSocket.send(event);
                webSocket.close(1000, "too old resource version");
            }
        });
    }

    /**
     * A delete honours {@code DeleteOptions.preconditions.resourceVersion} as a real server does (the
     * stock mock ignores the body): 409 Conflict when the object changed since, checked and deleted
     * under the dispatcher's write lock, so that no write comes between.
     */
    private MockResponse deleteWithPreconditions(RecordedRequest request) {
        String body = request.getBody() == null ? "" : request.getBody().readUtf8();
        String expected = body.isBlank() ? "" : read(body).path("preconditions").path("resourceVersion").asText("");
        if (expected.isEmpty()) {
            return super.dispatch(request);
        }
        java.util.concurrent.locks.Lock write = dispatcherLock().writeLock();
        write.lock();
        try {
            String current = currentState(withoutQuery(request.getPath()));
            String actual = current == null ? null : read(current).path("metadata").path("resourceVersion").asText();
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

    private java.util.concurrent.locks.ReadWriteLock dispatcherLock() {
        try {
            return (java.util.concurrent.locks.ReadWriteLock) field("lock").get(this);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("fabric8's KubernetesCrudDispatcher changed: " + e, e);
        }
    }

    /** Built-in groups (no dot, or *.k8s.io) are served; a custom group/version only once its CRD exists. */
    private boolean isServed(String path) {
        java.util.regex.Matcher matcher = GROUP_PATH.matcher(withoutQuery(path));
        if (!matcher.matches()) {
            return true;
        }
        String group = matcher.group(1);
        return !group.contains(".") || group.endsWith(".k8s.io") || servedCustomGroups.contains(group + "/" + matcher.group(2));
    }

    /**
     * fabric8's watch listener, made safe to close. Two races in fabric8 7.8.0's mock stall the
     * server when a client closes a watch while an event is on its way to it (an informer closed
     * right after the change it waited for): its {@code onClosed} waits, on the server's event
     * loop, for its sender thread, which waits for that event loop to write; and an event for a
     * listener whose sender is already shut down throws out of the request that caused it, which
     * then never gets an answer. Here the listener leaves the dispatcher's listeners (under the
     * dispatcher's write lock) as soon as the client starts closing, and the waiting happens off
     * the event loop.
     */
    @Override
    public MockResponse handleWatch(String path) {
        MockResponse response = super.handleWatch(path);
        WebSocketListener watch = response.getWebSocketListener();
        return watch == null ? response : response.withWebSocketUpgrade(new SafelyClosingWatch(watch));
    }

    private final class SafelyClosingWatch extends WebSocketListener {
        private final WebSocketListener delegate;

        SafelyClosingWatch(WebSocketListener delegate) {
            this.delegate = delegate;
        }

        @Override
        public void onBeforeAccept(WebSocket webSocket, Response response) {
            delegate.onBeforeAccept(webSocket, response);
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            delegate.onOpen(webSocket, response);
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            delegate.onMessage(webSocket, text);
        }

        @Override
        public void onMessage(WebSocket webSocket, byte[] bytes) {
            delegate.onMessage(webSocket, bytes);
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            forget(delegate);
            delegate.onClosing(webSocket, code, reason);
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            forget(delegate);
            CLOSERS.execute(() -> delegate.onClosed(webSocket, code, reason));
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable error, Response response) {
            forget(delegate);
            CLOSERS.execute(() -> delegate.onFailure(webSocket, error, response));
        }
    }

    /** Stops sending events to a watch listener: removes it from fabric8's (private) listener set under the write lock. */
    private void forget(WebSocketListener listener) {
        try {
            java.util.concurrent.locks.ReadWriteLock lock = (java.util.concurrent.locks.ReadWriteLock) field("lock").get(this);
            Set<?> listeners = (Set<?>) field("watchEventListeners").get(this);
            lock.writeLock().lock();
            try {
                listeners.remove(listener);
            } finally {
                lock.writeLock().unlock();
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("fabric8's KubernetesCrudDispatcher changed: " + e, e);
        }
    }

    private static java.lang.reflect.Field field(String name) throws NoSuchFieldException {
        java.lang.reflect.Field field = KubernetesCrudDispatcher.class.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    private static final java.util.concurrent.Executor CLOSERS = java.util.concurrent.Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "mock-watch-close");
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
        String contentType = request.getHeader("Content-Type");
        String path = withoutQuery(request.getPath());
        if (contentType != null && contentType.startsWith("application/merge-patch") && !path.endsWith("/status")) {
            return mergePatch(request, path);
        }
        if (contentType == null || !contentType.startsWith("application/apply-patch") || path.endsWith("/status")) {
            return super.handlePatch(request);
        }
        JsonNode applied = read(request.getBody().readUtf8());
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
            if (current == null) {
                String collection = path.substring(0, path.lastIndexOf('/'));
                return handleCreate(request(HttpMethod.POST, collection, "application/json", appliedObject.toString()));
            }
            JsonNode merged = mergePatch(read(current), appliedObject);
            return handleUpdate(request(HttpMethod.PUT, path, "application/json", merged.toString()));
        }
    }

    /**
     * A JSON merge patch as RFC 7386 says ({@code null} removes a key: the stock mock stores the
     * null), read and written under the dispatcher's write lock, so that two patches of the same
     * object are serialised as on a real server and a preconditioned delete sees either or both.
     */
    private MockResponse mergePatch(RecordedRequest request, String path) {
        JsonNode patch = read(request.getBody().readUtf8());
        java.util.concurrent.locks.Lock write = dispatcherLock().writeLock();
        write.lock();
        try {
            String current = currentState(path);
            if (current == null) {
                return new MockResponse().setResponseCode(404).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                        + "\"reason\":\"NotFound\",\"code\":404,\"message\":\"not found\"}");
            }
            ObjectNode merged = (ObjectNode) mergePatch(read(current), patch);
            if (merged.get("metadata") instanceof ObjectNode metadata) {
                metadata.remove("resourceVersion"); // a merge patch is not an update with a precondition
            }
            return handleUpdate(request(HttpMethod.PUT, path, "application/json", merged.toString()));
        } finally {
            write.unlock();
        }
    }

    private String currentState(String path) {
        synchronized (map) {
            Map.Entry<io.fabric8.mockwebserver.crud.AttributeSet, String> entry = findResource(getKey(path));
            return entry == null ? null : entry.getValue();
        }
    }

    private boolean isSingleObject(String path) {
        try {
            return getKey(withoutQuery(path)).containsKey(KubernetesAttributesExtractor.NAME);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** RFC 7386 JSON merge patch. */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : Serialization.jsonMapper().createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = patch.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), mergePatch(result.get(field.getKey()), field.getValue()));
            }
        }
        return result;
    }

    private static JsonNode read(String body) {
        try {
            String trimmed = body.trim();
            if (trimmed.startsWith("{")) {
                return Serialization.jsonMapper().readTree(trimmed);
            }
            return Serialization.jsonMapper().valueToTree(Serialization.unmarshal(trimmed, Map.class));
        } catch (Exception e) {
            throw new IllegalArgumentException("unreadable apply patch: " + e.getMessage(), e);
        }
    }

    private static RecordedRequest request(HttpMethod method, String path, String contentType, String body) {
        return new RecordedRequest("HTTP/1.1", method, path, Headers.builder().add("Content-Type", contentType).build(),
                new Buffer().writeUtf8(body));
    }

    private static String withoutQuery(String path) {
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }
}

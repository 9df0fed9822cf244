package io.envsaga.simulation.kubernetes;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resourceVersion of the latest deletion, whoever made it (a DELETE, the last finalizer
 * removed, a cascade), so that a watch that asks for events from before it is known.
 */
final class DeletionHistory {

    private static final Pattern WATCH_FROM = Pattern.compile("[?&]resourceVersion=(\\d+)");

    private final AtomicLong lastDeletion = new AtomicLong();

    void deleted(long resourceVersion) {
        lastDeletion.set(resourceVersion);
    }

    /**
     * A watch from a resourceVersion older than the last deletion: an ERROR event with 410 Gone, "too
     * old resource version", as a real server answers when it no longer has the events since then. The stock mock
     * starts every watch with the objects that exist now and ignores its resourceVersion, so an
     * informer that listed, then lost an object before its watch began (the list and the watch are
     * two requests), would never hear of the deletion and wait for it forever; a real server sends
     * the DELETED event from its history. On 410 the informer lists again, as on a real cluster.
     *
     * @return that answer, or null for any other request
     */
    MockResponse expiredWatch(String path) {
        Matcher version = WATCH_FROM.matcher(path);
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
}

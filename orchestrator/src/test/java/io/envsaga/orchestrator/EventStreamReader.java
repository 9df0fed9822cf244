package io.envsaga.orchestrator;

import io.envsaga.contracts.spec.SpecMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * A client of a Server-Sent Events stream of the API: each view's data, in order, read on a thread
 * of its own; the page stream's {@code recorded} events (the history grew) are kept apart.
 */
final class EventStreamReader implements AutoCloseable {

    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<JsonNode> recorded = new LinkedBlockingQueue<>();
    private final Stream<String> lines;

    EventStreamReader(String url, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream").build();
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + ": HTTP " + response.statusCode());
        }
        this.lines = response.body();
        Thread reader = new Thread(() -> {
            try {
                String[] name = {""};
                lines.forEach(line -> {
                    if (line.startsWith("event:")) {
                        name[0] = line.substring("event:".length()).trim();
                    } else if (line.startsWith("data:")) {
                        JsonNode data = SpecMapper.json().readTree(line.substring("data:".length()));
                        (name[0].equals("recorded") ? recorded : events).add(data);
                    } else if (line.isEmpty()) {
                        name[0] = "";
                    }
                });
            } catch (RuntimeException closed) {
                // closed by the test
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** The next event, or an AssertionError after {@code atMost}. */
    JsonNode next(Duration atMost) throws InterruptedException {
        JsonNode event = events.poll(atMost.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("no event within " + atMost);
        }
        return event;
    }

    /** The next {@code recorded} event (the history of {@code name} grew), or an AssertionError after {@code atMost}. */
    JsonNode nextRecorded(Duration atMost) throws InterruptedException {
        JsonNode event = recorded.poll(atMost.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("no recorded event within " + atMost);
        }
        return event;
    }

    @Override
    public void close() {
        lines.close();
    }
}

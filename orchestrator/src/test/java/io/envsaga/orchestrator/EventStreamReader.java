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

/** A client of a Server-Sent Events stream of the API: each event's data, in order, read on a thread of its own. */
final class EventStreamReader implements AutoCloseable {

    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
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
                lines.filter(line -> line.startsWith("data:"))
                        .forEach(line -> events.add(SpecMapper.json().readTree(line.substring("data:".length()))));
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

    @Override
    public void close() {
        lines.close();
    }
}

package io.envsaga.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The orchestrators' REST API as CI uses it: a submission or deletion is sent again (to the next
 * orchestrator) until one answers 202, the way a CI job retries a failed call. A submission's
 * tries share one {@code Idempotency-Key}, so a try whose answer was lost (a timeout, a killed
 * orchestrator) and the next one are one generation. Only a 202 counts as accepted; every other
 * answer is counted, by kind, for the report.
 */
final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JavaApp> orchestrators;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicInteger next = new AtomicInteger();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong serverErrors = new AtomicLong();
    final AtomicLong timeouts = new AtomicLong();

    Api(List<JavaApp> orchestrators, String token) {
        this.orchestrators = orchestrators;
        this.token = token;
    }

    /** POSTs the spec until a 202; returns the accepted saga id. */
    String submit(String yaml, Duration atMost) throws InterruptedException {
        return untilAccepted("/api/v1/environments", HttpRequest.BodyPublishers.ofString(yaml), "POST", "chaos-" + UUID.randomUUID(), atMost);
    }

    /** DELETEs the environment until a 202; returns the deletion's saga id. */
    String delete(String name, Duration atMost) throws InterruptedException {
        return untilAccepted("/api/v1/environments/" + name, HttpRequest.BodyPublishers.noBody(), "DELETE", null, atMost);
    }

    private String untilAccepted(String path, HttpRequest.BodyPublisher body, String method, String idempotencyKey, Duration atMost)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(atMost);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            JavaApp orchestrator = orchestrators.get(Math.floorMod(next.getAndIncrement(), orchestrators.size()));
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(orchestrator.url() + path)).timeout(Duration.ofSeconds(20))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/yaml");
            if (idempotencyKey != null) {
                builder.header("Idempotency-Key", idempotencyKey);
            }
            HttpRequest request = builder.method(method, body).build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                    return JSON.readTree(response.body()).path("sagaId").asText();
                }
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() >= 500) {
                    serverErrors.incrementAndGet();
                } else if (response.statusCode() != 409) {
                    throw new IllegalStateException(method + " " + path + " answered " + last);
                }
            } catch (java.net.http.HttpTimeoutException e) {
                timeouts.incrementAndGet();
                last = "timed out";
            } catch (IOException e) {
                refused.incrementAndGet(); // the orchestrator is down or restarting
                last = e.toString();
            }
            Thread.sleep(500); // a CI job's pause between tries, not a synchronisation
        }
        throw new IllegalStateException(method + " " + path + " was never accepted in " + atMost + "; last answer: " + last);
    }
}

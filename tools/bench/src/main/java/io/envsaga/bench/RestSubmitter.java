package io.envsaga.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** POST /api/v1/environments with the operators' token; thread-safe (one HTTP/1.1 connection per concurrent caller). */
public final class RestSubmitter implements Submitter {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI uri;
    private final String token;
    private final Duration timeout;

    public RestSubmitter(String baseUrl, String token, Duration timeout) {
        this.uri = URI.create(baseUrl + "/api/v1/environments");
        this.token = token;
        this.timeout = timeout;
    }

    @Override
    public Submission submit(String environment) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(Submitter.spec(environment), StandardCharsets.UTF_8)).build();
        long start = System.nanoTime();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return new Submission(status == 202, status, start, System.nanoTime());
        } catch (IOException e) {
            return new Submission(false, -1, start, System.nanoTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Submission(false, -1, start, System.nanoTime());
        }
    }
}

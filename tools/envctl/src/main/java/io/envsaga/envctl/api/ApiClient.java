package io.envsaga.envctl.api;

import io.envsaga.contracts.spec.SpecMapper;
import io.envsaga.envctl.cli.EnvctlException;
import io.envsaga.envctl.cli.ExitCode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** The orchestrator's REST API ({@code /api/v1}), with java.net.http. Problems become {@link EnvctlException}s. */
public final class ApiClient {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http;
    private final URI root;
    private final String token;

    public ApiClient(HttpClient http, URI root, String token) {
        this.http = http;
        this.root = root;
        this.token = token;
    }

    /**
     * POST the spec document (as it was written, YAML or JSON).
     *
     * @param idempotencyKey null for none; with one, sending the same document again under it is
     *                       answered like the first time and starts nothing (a CI job run again)
     */
    public JsonNode submit(byte[] document, boolean json, String idempotencyKey) {
        HttpRequest.Builder request = request("/environments").header("Content-Type", json ? "application/json" : "application/yaml");
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request.POST(HttpRequest.BodyPublishers.ofByteArray(document)), "submit");
    }

    public JsonNode list() {
        return list(null);
    }

    /** @param cluster only the environments on this cluster (the server filters); null for every one */
    public JsonNode list(String cluster) {
        if (cluster == null) {
            return send(request("/environments").GET(), "list environments");
        }
        return send(request("/environments?cluster=" + encode(cluster)).GET(), "list the environments of cluster " + cluster);
    }

    public JsonNode get(String name) {
        return send(request("/environments/" + encode(name)).GET(), "read " + name);
    }

    public JsonNode delete(String name) {
        return send(request("/environments/" + encode(name)).DELETE(), "delete " + name);
    }

    public JsonNode history(String name, Instant from) {
        String query = from == null ? "" : "?from=" + encode(from.toString());
        return send(request("/environments/" + encode(name) + "/history" + query).GET(), "read the history of " + name);
    }

    /**
     * Reads the environment's Server-Sent Events until the server ends the stream, handing each
     * event's data to the consumer. Blocks; call it from a thread of its own. {@code opened} is
     * given the open stream: closing it (from any thread) ends the read and the connection, so a
     * watcher that is done leaves no stream open on the server.
     */
    public void events(String name, Consumer<JsonNode> consumer, Consumer<AutoCloseable> opened) {
        HttpRequest request = authorized(HttpRequest.newBuilder(uri("/environments/" + encode(name) + "/events"))
                .header("Accept", "text/event-stream")).GET().build();
        HttpResponse<Stream<String>> response = call(request, HttpResponse.BodyHandlers.ofLines(), "follow " + name);
        try (Stream<String> lines = response.body()) {
            if (response.statusCode() != 200) {
                throw problem(response.statusCode(), String.join("\n", lines.toList()), "follow " + name);
            }
            opened.accept(lines::close);
            ServerSentEvents parser = new ServerSentEvents(data -> consumer.accept(readJson(data)));
            lines.forEach(parser::line);
        } catch (java.io.UncheckedIOException closed) {
            // closed by the watcher (or the connection broke): the caller decides whether to read again
        }
    }

    private HttpRequest.Builder request(String path) {
        return authorized(HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT).header("Accept", "application/json"));
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private URI uri(String path) {
        return URI.create(root + "/api/v1" + path);
    }

    private JsonNode send(HttpRequest.Builder request, String what) {
        HttpResponse<String> response = call(request.build(), HttpResponse.BodyHandlers.ofString(), what);
        if (response.statusCode() / 100 != 2) {
            throw problem(response.statusCode(), response.body(), what);
        }
        return response.body().isBlank() ? SpecMapper.json().createObjectNode() : readJson(response.body());
    }

    private <T> HttpResponse<T> call(HttpRequest request, HttpResponse.BodyHandler<T> handler, String what) {
        try {
            return http.send(request, handler);
        } catch (HttpTimeoutException e) {
            throw new EnvctlException(ExitCode.TIMED_OUT, "cannot " + what + ": " + root + " did not answer in time");
        } catch (ConnectException e) {
            throw EnvctlException.unreachable("cannot reach " + root + " (" + (e.getMessage() == null ? "connection refused" : e.getMessage()) + ")");
        } catch (IOException e) {
            throw EnvctlException.unreachable("cannot " + what + " at " + root + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EnvctlException.unreachable("interrupted");
        }
    }

    /** An error answer (RFC 9457 problem+json where the server sends one) as one line and an exit code. */
    static EnvctlException problem(int status, String body, String what) {
        JsonNode problem = null;
        try {
            problem = body == null || body.isBlank() ? null : SpecMapper.json().readTree(body);
        } catch (JacksonException e) {
            // not JSON: the status says enough
        }
        String detail = problem == null ? "" : problem.path("detail").asString("");
        List<String> violations = new ArrayList<>();
        if (problem != null) {
            for (JsonNode v : problem.path("violations")) {
                String path = v.path("path").asString("");
                violations.add(path.isEmpty() ? v.path("message").asString("") : path + ": " + v.path("message").asString(""));
            }
        }
        String message = "cannot " + what + ": HTTP " + status + (detail.isEmpty() ? "" : " " + detail);
        return switch (status) {
            case 400, 413, 415, 422 -> new ProblemException(ExitCode.INVALID, message, violations);
            case 401 -> EnvctlException.unreachable("cannot " + what + ": not authenticated (HTTP 401); check the token");
            case 403 -> EnvctlException.unreachable("cannot " + what + ": not allowed (HTTP 403)" + (detail.isEmpty() ? "" : " " + detail));
            case 404 -> new EnvctlException(ExitCode.FAILED, detail.isEmpty() ? "cannot " + what + ": not found (HTTP 404)" : detail);
            default -> EnvctlException.unreachable(message);
        };
    }

    private static JsonNode readJson(String body) {
        try {
            return SpecMapper.json().readTree(body);
        } catch (JacksonException e) {
            throw EnvctlException.unreachable("the server answered something that is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** An error answer that carries the spec's violations, one per line after the message. */
    public static final class ProblemException extends EnvctlException {
        private final List<String> violations;

        ProblemException(int exitCode, String message, List<String> violations) {
            super(exitCode, message);
            this.violations = List.copyOf(violations);
        }

        public List<String> violations() {
            return violations;
        }
    }
}

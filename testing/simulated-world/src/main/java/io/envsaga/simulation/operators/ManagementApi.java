package io.envsaga.simulation.operators;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The few calls of RabbitMQ's management HTTP API the simulated operators need: vhosts, users, permissions. */
public final class ManagementApi implements BrokerAdmin {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final String auth;

    public ManagementApi(String host, int port, String username, String password) {
        this.base = "http://" + host + ":" + port + "/api";
        this.auth = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void putVhost(String vhost) {
        send("PUT", "/vhosts/" + enc(vhost), "{}");
    }

    @Override
    public void deleteVhost(String vhost) {
        send("DELETE", "/vhosts/" + enc(vhost), null);
    }

    @Override
    public void putUser(String user, String password) {
        send("PUT", "/users/" + enc(user), "{\"password\":\"" + password + "\",\"tags\":\"\"}");
    }

    @Override
    public void deleteUser(String user) {
        send("DELETE", "/users/" + enc(user), null);
    }

    @Override
    public void putPermissions(String vhost, String user, String configure, String write, String read) {
        send("PUT", "/permissions/" + enc(vhost) + "/" + enc(user),
                "{\"configure\":" + json(configure) + ",\"write\":" + json(write) + ",\"read\":" + json(read) + "}");
    }

    @Override
    public void deletePermissions(String vhost, String user) {
        send("DELETE", "/permissions/" + enc(vhost) + "/" + enc(user), null);
    }

    /** A GET, for tests that look at the broker (e.g. {@code /bindings/<vhost>}); the body as JSON text (404: RabbitMQ's "Object Not Found"). */
    public String get(String path) {
        return send("GET", path, null);
    }

    public static String enc(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String json(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private String send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300 && !(!method.equals("PUT") && response.statusCode() == 404)) {
                throw new IllegalStateException("RabbitMQ management API answered " + response.statusCode() + " to " + method + " " + path
                        + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("the RabbitMQ management API does not answer at " + base
                    + " (enable it: rabbitmq-plugins enable rabbitmq_management; scripts/services.sh does): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

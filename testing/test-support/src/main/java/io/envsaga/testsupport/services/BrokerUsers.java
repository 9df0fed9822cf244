package io.envsaga.testsupport.services;

import io.envsaga.simulation.net.Endpoint;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Broker users for tests, on the default vhost: through the management API (port 15672, or
 * {@code ENVSAGA_TEST_RABBITMQ_MANAGEMENT_PORT}) when it answers, else through {@code rabbitmqctl}
 * when the broker is local and the command is there (a broker without the management plugin).
 * Users are global to a broker; the ones made here are deleted by {@link #deleteAll()}.
 */
final class BrokerUsers {

    private static final String ACTOR = "envsaga-tests";

    private final Endpoint endpoint;
    private final Set<String> created = ConcurrentHashMap.newKeySet();
    private Boolean management;

    BrokerUsers(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    void create(String name, String password, String configure, String write, String read) {
        created.add(name);
        if (management()) {
            http("PUT", "/users/" + name, "{\"password\":" + json(password) + ",\"tags\":\"\"}");
            http("PUT", "/permissions/%2F/" + name,
                    "{\"configure\":" + json(configure) + ",\"write\":" + json(write) + ",\"read\":" + json(read) + "}");
        } else {
            ctl(false, "add_user", name, password); // names are unique per test class: no user to replace
            ctl(false, "set_permissions", "-p", "/", name, configure, write, read);
        }
    }

    record User(String name, String password, String configure, String write, String read) {
    }

    record Topic(String user, String exchange, String write, String read) {
    }

    /** Many users at once: with rabbitmqctl one start of it for all (each start costs seconds on a busy machine). */
    void createAll(List<User> users, List<Topic> topics) {
        if (management()) {
            users.forEach(u -> create(u.name(), u.password(), u.configure(), u.write(), u.read()));
            topics.forEach(t -> topicPermissions(t.user(), t.exchange(), t.write(), t.read()));
            return;
        }
        users.forEach(u -> created.add(u.name()));
        List<String> calls = new ArrayList<>();
        for (User u : users) {
            calls.add("rabbit_auth_backend_internal:add_user(" + bin(u.name()) + ", " + bin(u.password()) + ", " + bin(ACTOR) + ")");
            calls.add("rabbit_auth_backend_internal:set_permissions(" + bin(u.name()) + ", <<\"/\">>, " + bin(u.configure()) + ", "
                    + bin(u.write()) + ", " + bin(u.read()) + ", " + bin(ACTOR) + ")");
        }
        for (Topic t : topics) {
            calls.add("rabbit_auth_backend_internal:set_topic_permissions(" + bin(t.user()) + ", <<\"/\">>, " + bin(t.exchange()) + ", "
                    + bin(t.write()) + ", " + bin(t.read()) + ", " + bin(ACTOR) + ")");
        }
        ctl(false, "eval", String.join(", ", calls) + ".");
    }

    /** An Erlang binary literal; rabbitmqctl eval unescapes twice, so a backslash is written four times. */
    private static String bin(String value) {
        if (value.contains("\"") ) {
            throw new IllegalArgumentException("no quotes in broker names and patterns: " + value);
        }
        return "<<\"" + value.replace("\\", "\\\\\\\\") + "\">>";
    }

    void topicPermissions(String user, String exchange, String write, String read) {
        if (management()) {
            http("PUT", "/topic-permissions/%2F/" + user,
                    "{\"exchange\":" + json(exchange) + ",\"write\":" + json(write) + ",\"read\":" + json(read) + "}");
        } else {
            ctl(false, "set_topic_permissions", "-p", "/", user, exchange, write, read);
        }
    }

    void deleteAll() {
        if (!created.isEmpty() && !management()) {
            // one rabbitmqctl start is seconds on a busy machine: one per user would be minutes
            java.util.List<String> args = new ArrayList<>(List.of("eval"));
            args.add(created.stream().map(u -> "rabbit_auth_backend_internal:delete_user(" + bin(u) + ", " + bin(ACTOR) + ")")
                    .collect(java.util.stream.Collectors.joining(", ", "", ".")));
            ctl(true, args.toArray(String[]::new));
        }
        for (String user : created) {
            if (management()) {
                http("DELETE", "/users/" + user, null);
            }
        }
        created.clear();
    }

    private synchronized boolean management() {
        if (management == null) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(endpoint.host(), managementPort()), 2000);
                management = true;
            } catch (IOException e) {
                management = !local();
            }
        }
        return management;
    }

    private boolean local() {
        return (endpoint.host().equals("127.0.0.1") || endpoint.host().equals("localhost")) && ctlAvailable();
    }

    private static boolean ctlAvailable() {
        try {
            return new ProcessBuilder("rabbitmqctl", "version").redirectErrorStream(true).start().waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void ctl(boolean mayFail, String... args) {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl", "--quiet"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("rabbitmqctl " + args[0] + " did not finish");
            }
            if (process.exitValue() != 0 && !mayFail) {
                throw new IllegalStateException("rabbitmqctl " + args[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new ServiceUnavailableException("neither the RabbitMQ management API nor rabbitmqctl is available (" + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int managementPort() {
        String configured = System.getenv("ENVSAGA_TEST_RABBITMQ_MANAGEMENT_PORT");
        return configured != null ? Integer.parseInt(configured) : 15672;
    }

    private static String json(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private void http(String method, String path, String json) {
        String url = "http://" + endpoint.host() + ":" + managementPort() + "/api" + path;
        String auth = "Basic " + Base64.getEncoder().encodeToString((endpoint.username() + ":" + endpoint.password()).getBytes(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth).header("Content-Type", "application/json")
                            .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300 && !(method.equals("DELETE") && response.statusCode() == 404)) {
                throw new IllegalStateException("RabbitMQ management API answered " + response.statusCode() + " to " + method + " " + url
                        + ": " + response.body());
            }
        } catch (IOException e) {
            throw new ServiceUnavailableException("the RabbitMQ management API does not answer at " + url
                    + " (" + e + "; enable it: rabbitmq-plugins enable rabbitmq_management; scripts/services.sh does)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

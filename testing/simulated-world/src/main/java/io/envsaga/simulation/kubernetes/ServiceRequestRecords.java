package io.envsaga.simulation.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The Kubernetes API requests envsaga's services made during a module's tests, kept as evidence
 * of the rights each service needs: the deploy module replays them against the RBAC rules of
 * {@code deploy/} (a request the rules refuse fails it, and so does a rule no request used).
 *
 * <p>A request counts as a service's when its User-Agent is {@code envsaga/<application name>}
 * (the services' clients send it; the tests' own clients and the simulated controllers do not).
 * Each test cluster writes its share to {@code target/kubernetes-requests/<random>.jsonl} of the
 * module under test, one JSON object per line: {@code service}, {@code verb}, {@code path}; only
 * in a Maven test run, which names that folder in the system property
 * {@value #DIRECTORY_PROPERTY} (the root pom sets it), never where the cluster serves something
 * else (the sandbox).
 */
public final class ServiceRequestRecords {

    /** The User-Agent prefix of envsaga's services. */
    public static final String USER_AGENT_PREFIX = "envsaga/";
    public static final String DIRECTORY = "target/kubernetes-requests";
    public static final String DIRECTORY_PROPERTY = "envsaga.test.kubernetes-requests";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ServiceRequestRecords() {
    }

    static void write(List<RequestLog.Request> requests) {
        List<String> lines = requests.stream()
                .filter(r -> r.userAgent() != null && r.userAgent().startsWith(USER_AGENT_PREFIX))
                .map(r -> line(Map.of("service", service(r.userAgent()), "verb", r.verb(), "path", r.path())))
                .toList();
        String configured = System.getProperty(DIRECTORY_PROPERTY);
        if (lines.isEmpty() || configured == null) {
            return;
        }
        try {
            Path directory = Path.of(configured);
            Files.createDirectories(directory);
            Files.write(directory.resolve(UUID.randomUUID() + ".jsonl"), lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep the services' Kubernetes requests", e);
        }
    }

    /** Every recorded request of the modules under {@code root}, e.g. the repository (modules one or two folders down). */
    public static List<Map<String, String>> read(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root, 5)) {
            List<Path> logs = files.filter(p -> p.getParent() != null && p.getParent().endsWith(Path.of(DIRECTORY))
                    && p.toString().endsWith(".jsonl")).toList();
            java.util.ArrayList<Map<String, String>> all = new java.util.ArrayList<>();
            for (Path log : logs) {
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    @SuppressWarnings("unchecked")
                    Map<String, String> request = JSON.readValue(line, Map.class);
                    all.add(request);
                }
            }
            return all;
        }
    }

    private static String service(String userAgent) {
        String rest = userAgent.substring(USER_AGENT_PREFIX.length());
        int space = rest.indexOf(' ');
        return space < 0 ? rest : rest.substring(0, space);
    }

    private static String line(Map<String, String> fields) {
        try {
            return JSON.writeValueAsString(new java.util.TreeMap<>(fields));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.envsaga.simulation.kubernetes;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The requests the mock API server answered, for tests and benchmarks that count them. Each is
 * classified as {@code GET} (one object), {@code LIST}, {@code WATCH}, {@code POST}, {@code PUT},
 * {@code APPLY} (server-side apply patch), {@code PATCH} (any other patch) or {@code DELETE}.
 */
public class RequestLog {

    /**
     * One request: its verb (see the class comment), path with query, content type, and the
     * client's User-Agent (envsaga's services send {@code envsaga/<application name>}).
     */
    public record Request(String verb, String path, String contentType, String userAgent) {

        public Request(String verb, String path, String contentType) {
            this(verb, path, contentType, null);
        }

        /** The path without its query string. */
        public String resourcePath() {
            int query = path.indexOf('?');
            return query < 0 ? path : path.substring(0, query);
        }

        public boolean isWrite() {
            return switch (verb) {
                case "POST", "PUT", "APPLY", "PATCH", "DELETE" -> true;
                default -> false;
            };
        }
    }

    private final List<Request> requests = new CopyOnWriteArrayList<>();

    void record(String method, String path, String contentType, String userAgent, boolean singleObject) {
        String verb = switch (method) {
            case "GET" -> path.contains("watch=true") ? "WATCH" : singleObject ? "GET" : "LIST";
            case "PATCH" -> contentType != null && contentType.startsWith("application/apply-patch") ? "APPLY" : "PATCH";
            default -> method;
        };
        requests.add(new Request(verb, path, contentType, userAgent));
    }

    public List<Request> all() {
        return List.copyOf(requests);
    }

    /** A mark to count from: {@code requests.since(mark)}. */
    public int mark() {
        return requests.size();
    }

    public List<Request> since(int mark) {
        List<Request> all = all();
        return all.subList(Math.min(mark, all.size()), all.size());
    }

    public List<Request> since(int mark, Predicate<Request> filter) {
        return since(mark).stream().filter(filter).toList();
    }

    /** How many requests of each verb since the mark, sorted by verb. */
    public Map<String, Long> countByVerb(int mark) {
        return since(mark).stream().collect(Collectors.groupingBy(Request::verb, TreeMap::new, Collectors.counting()));
    }

    public void clear() {
        requests.clear();
    }
}

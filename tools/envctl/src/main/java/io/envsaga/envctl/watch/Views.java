package io.envsaga.envctl.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Reading the orchestrator's environment view ({@code GET /environments/{name}}) without binding to its classes. */
public final class Views {

    private Views() {
    }

    /** The cluster it lives on ({@code spec.cluster}, or the server's default cluster); empty from a server older than clusters. */
    public static String cluster(JsonNode view) {
        return view.path("cluster").asString("");
    }

    public static String phase(JsonNode view) {
        return view.path("phase").asString("");
    }

    public static long generation(JsonNode view) {
        return view.path("generation").asLong(0);
    }

    public static String sagaId(JsonNode view) {
        return view.path("sagaId").asString("");
    }

    public static List<String> reasons(JsonNode view) {
        List<String> reasons = new ArrayList<>();
        for (JsonNode reason : view.path("reasons")) {
            reasons.add(clean(reason.path("step").asString("") + ": " + reason.path("reason").asString("")));
        }
        return reasons;
    }

    /** The steps in the server's order (dns, workloads, messaging, cache, storage). */
    public static List<Map.Entry<String, JsonNode>> steps(JsonNode view) {
        List<Map.Entry<String, JsonNode>> steps = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = view.path("steps").properties().iterator(); it.hasNext(); ) {
            steps.add(it.next());
        }
        return steps;
    }

    /** The address people open: the workloads step's {@code url} output, else the ingress host of the spec. */
    public static String url(JsonNode view) {
        String url = view.path("steps").path("workloads").path("outputs").path("url").asString("");
        if (!url.isEmpty()) {
            return url;
        }
        JsonNode ingress = view.path("spec").path("spec").path("ingress");
        String host = ingress.path("host").asString("");
        if (host.isEmpty()) {
            return "";
        }
        return (ingress.path("tls").isObject() ? "https://" : "http://") + host;
    }

    public static Instant instant(JsonNode node) {
        String text = node.asString("");
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** How long a step took (or has taken until now, when it is still running). */
    public static Duration duration(JsonNode step, Instant now, boolean running) {
        Instant started = instant(step.path("startedAt"));
        Instant ended = running ? now : instant(step.path("updatedAt"));
        if (started == null || ended == null || ended.isBefore(started)) {
            return null;
        }
        return Duration.between(started, ended);
    }

    public static boolean isRunning(String status) {
        return status.equals("pending") || status.equals("releasing");
    }

    /**
     * Text from the server as it may be printed: control characters (an ANSI escape in a step's
     * reason could rewrite the terminal) become spaces.
     */
    public static String clean(String text) {
        return text == null ? "" : text.replaceAll("\\p{Cntrl}", " ");
    }

    public static String human(Duration duration) {
        if (duration == null) {
            return "";
        }
        long millis = duration.toMillis();
        if (millis < 10_000) {
            return String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long seconds = duration.toSeconds();
        return seconds < 60 ? seconds + "s" : seconds / 60 + "m" + String.format(java.util.Locale.ROOT, "%02ds", seconds % 60);
    }
}

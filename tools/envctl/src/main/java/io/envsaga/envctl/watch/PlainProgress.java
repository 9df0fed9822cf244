package io.envsaga.envctl.watch;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** For logs (CI, no terminal, {@code --plain}): one line per change, never a control character. */
public final class PlainProgress implements Progress {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final PrintWriter out;
    private final Map<String, String> lastLine = new HashMap<>();

    public PlainProgress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void show(JsonNode view) {
        String name = view.path("name").asString("");
        emit("", time(view.path("updatedAt")) + " " + name + " generation " + Views.generation(view) + ": " + Views.phase(view));
        for (Map.Entry<String, JsonNode> step : Views.steps(view)) {
            JsonNode s = step.getValue();
            String status = s.path("status").asString("");
            StringBuilder line = new StringBuilder(time(s.path("updatedAt"))).append(" ").append(step.getKey()).append(": ").append(status);
            String reason = s.path("reason").asString("");
            String message = s.path("progress").asString("");
            if (!reason.isEmpty()) {
                line.append(" (").append(reason).append(")");
            } else if (!message.isEmpty() && Views.isRunning(status)) {
                line.append(" - ").append(message);
            }
            emit(step.getKey(), line.toString());
        }
        out.flush();
    }

    @Override
    public void finish(Outcome outcome) {
        out.println(Views.clean(outcome.summary()));
        outcome.reasons().forEach(reason -> out.println("  " + Views.clean(reason)));
        if (outcome.view() != null && outcome.exitCode() == 0 && !outcome.summary().startsWith("deleted")) {
            String url = Views.url(outcome.view());
            if (!url.isEmpty()) {
                out.println("url: " + Views.clean(url));
            }
        }
        out.flush();
    }

    /** Prints the line unless it says what the last line of that key said (time aside). */
    private void emit(String key, String text) {
        String line = Views.clean(text);
        String withoutTime = line.substring(line.indexOf(' ') + 1);
        if (!withoutTime.equals(lastLine.put(key, withoutTime))) {
            out.println(line);
        }
    }

    private static String time(JsonNode node) {
        Instant instant = Views.instant(node);
        return instant == null ? "--:--:--" : TIME.format(instant);
    }
}

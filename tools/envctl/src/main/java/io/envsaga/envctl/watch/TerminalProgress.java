package io.envsaga.envctl.watch;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * For a person at a terminal: one line per step with a progress bar and its latest message,
 * redrawn in place (the cursor goes back up over the block and each line is rewritten).
 */
public final class TerminalProgress implements Progress {

    static final String UP = "\u001b[%dF";
    static final String CLEAR_LINE = "\u001b[2K";
    private static final int BAR = 20;
    private static final Pattern FRACTION = Pattern.compile("(\\d{1,9})\\s*/\\s*(\\d{1,9})");

    private final PrintWriter out;
    private final Clock clock;
    private final int width;
    private int drawn;

    public TerminalProgress(PrintWriter out, Clock clock, int width) {
        this.out = out;
        this.clock = clock;
        this.width = Math.max(width, 40);
    }

    @Override
    public void show(JsonNode view) {
        List<String> lines = new ArrayList<>();
        lines.add(view.path("name").asString("") + " generation " + Views.generation(view) + ": " + Views.phase(view));
        for (Map.Entry<String, JsonNode> step : Views.steps(view)) {
            lines.add(line(step.getKey(), step.getValue()));
        }
        redraw(lines);
    }

    @Override
    public void finish(Outcome outcome) {
        List<String> lines = new ArrayList<>();
        lines.add(outcome.summary());
        outcome.reasons().forEach(reason -> lines.add("  " + reason));
        if (outcome.view() != null && outcome.exitCode() == 0 && !outcome.summary().startsWith("deleted")) {
            String url = Views.url(outcome.view());
            if (!url.isEmpty()) {
                lines.add("url: " + url);
            }
        }
        // below the block of steps, which stays as it was last drawn
        drawn = 0;
        lines.forEach(line -> out.println(Views.clean(line)));
        out.flush();
    }

    private void redraw(List<String> lines) {
        StringBuilder frame = new StringBuilder();
        if (drawn > 0) {
            frame.append(String.format(UP, drawn));
        }
        for (String line : lines) {
            frame.append(CLEAR_LINE).append(fit(line)).append('\n');
        }
        drawn = lines.size();
        out.print(frame);
        out.flush();
    }

    private String line(String step, JsonNode s) {
        String status = s.path("status").asString("");
        String reason = s.path("reason").asString("");
        String message = reason.isEmpty() ? s.path("progress").asString("") : reason;
        String duration = Views.human(Views.duration(s, clock.instant(), Views.isRunning(status)));
        return String.format("  %-10s %s %-14s %6s  %s", step, bar(status, s.path("progress").asString("")), status, duration, message).stripTrailing();
    }

    /** Full when the step is done either way; for a running step, the last "n/m" of its message. */
    static String bar(String status, String message) {
        int filled;
        if (!Views.isRunning(status)) {
            filled = BAR;
        } else {
            filled = 0;
            Matcher m = FRACTION.matcher(message);
            while (m.find()) {
                long total = Long.parseLong(m.group(2));
                filled = total == 0 ? 0 : (int) Math.min(BAR, Long.parseLong(m.group(1)) * BAR / total);
            }
        }
        char fill = status.equals("failed") || status.equals("release_failed") ? 'x' : '#';
        return "[" + String.valueOf(fill).repeat(filled) + ".".repeat(BAR - filled) + "]";
    }

    private String fit(String text) {
        String line = Views.clean(text);
        return line.length() <= width ? line : line.substring(0, width - 1) + "~";
    }
}

package io.envsaga.envctl.api;

import java.util.function.Consumer;

/** A parser of the text/event-stream format, line by line: hands each event's data on at its blank line. */
final class ServerSentEvents {

    private final Consumer<String> onData;
    private final StringBuilder data = new StringBuilder();

    ServerSentEvents(Consumer<String> onData) {
        this.onData = onData;
    }

    void line(String line) {
        if (line.isEmpty()) {
            if (!data.isEmpty()) {
                String event = data.toString();
                data.setLength(0);
                onData.accept(event);
            }
            return;
        }
        if (line.startsWith(":")) {
            return; // a comment, e.g. a keep-alive
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (field.equals("data")) {
            if (!data.isEmpty()) {
                data.append('\n');
            }
            data.append(value);
        }
    }
}

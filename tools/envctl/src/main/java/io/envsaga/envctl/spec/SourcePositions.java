package io.envsaga.envctl.spec;

import io.envsaga.contracts.spec.SpecMapper;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;

/**
 * Where each path of a spec document ({@code spec.workloads[1].image}) starts in the file, so that a
 * violation can name its line and column. A path the file does not have (a missing field) points to
 * its nearest parent that it has.
 */
public final class SourcePositions {

    /** A place in the file, both from 1. */
    public record Position(int line, int column) {
        @Override
        public String toString() {
            return "line " + line + ", column " + column;
        }
    }

    private final Map<String, Position> positions = new HashMap<>();

    private SourcePositions() {
    }

    /** The positions of a YAML or JSON document; empty when it does not parse (the parse error names its own place). */
    public static SourcePositions of(byte[] document, boolean json) {
        SourcePositions result = new SourcePositions();
        try (JsonParser parser = (json ? SpecMapper.json() : SpecMapper.yaml()).createParser(document)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                TokenStreamContext context = parser.streamReadContext();
                if (token == JsonToken.PROPERTY_NAME) {
                    String parent = path(context.getParent());
                    result.record(join(parent, context.currentName()), parser.currentTokenLocation());
                    result.record(parent + "[" + context.currentName() + "]", parser.currentTokenLocation());
                } else if (token.isStructStart()) {
                    TokenStreamContext parent = context.getParent();
                    if (parent != null && parent.inArray()) {
                        result.record(path(parent), parser.currentTokenLocation());
                    }
                } else if (!token.isStructEnd() && context.inArray()) {
                    result.record(path(context), parser.currentTokenLocation());
                }
            }
        } catch (JacksonException e) {
            // positions found so far stay useful
        }
        return result;
    }

    /** Where the path (or its nearest parent in the file) is. */
    public Optional<Position> find(String path) {
        String p = path;
        while (p != null && !p.isEmpty()) {
            Position position = positions.get(p);
            if (position != null) {
                return Optional.of(position);
            }
            p = parentOf(p);
        }
        return Optional.empty();
    }

    private void record(String path, TokenStreamLocation location) {
        if (location != null && location.getLineNr() > 0) {
            positions.putIfAbsent(path, new Position(location.getLineNr(), location.getColumnNr()));
        }
    }

    private static String path(TokenStreamContext context) {
        StringBuilder path = new StringBuilder();
        java.util.ArrayDeque<String> segments = new java.util.ArrayDeque<>();
        for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                segments.push("[" + Math.max(c.getCurrentIndex(), 0) + "]");
            } else if (c.currentName() != null) {
                segments.push("." + c.currentName());
            }
        }
        segments.forEach(path::append);
        return path.length() > 0 && path.charAt(0) == '.' ? path.substring(1) : path.toString();
    }

    private static String join(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    private static String parentOf(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut <= 0 ? null : path.substring(0, cut);
    }
}

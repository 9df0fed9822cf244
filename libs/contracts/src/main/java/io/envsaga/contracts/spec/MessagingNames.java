package io.envsaga.contracts.spec;

import java.util.Locale;

/**
 * RabbitMQ names (dots, underscores, capitals, colons, slashes) as Kubernetes object names, one to
 * one: {@code [a-z0-9]} stay; {@code .} stays between a letter or digit and a lowercase letter or
 * digit (else {@code -1}); {@code -} becomes {@code --} (at the end {@code -4}); a capital X
 * becomes {@code -x}; {@code _} becomes {@code -0}; any other character {@code -2} and its four
 * hex digits. Every escape starts with {@code -} followed by a character that tells which one it
 * is, so the encoding can be read back: two different names never give the same object name,
 * and the result is a valid DNS subdomain (labels start and end with a letter or digit) when it
 * fits in {@link #MAX_LENGTH} characters. Kind prefixes keep objects of different kinds apart.
 * See docs/messaging-service.md.
 */
public final class MessagingNames {

    public static final int MAX_LENGTH = 253;

    private MessagingNames() {
    }

    public static String exchange(String name) {
        return "exchange-" + encode(name);
    }

    public static String queue(String name) {
        return "queue-" + encode(name);
    }

    public static String vhost(String name) {
        return "vhost-" + encode(name);
    }

    /** A binding by its exchange, queue and routing key, the parts separated by {@code -5} (an escape no name produces). */
    public static String binding(String exchange, String queue, String routingKey) {
        return "binding-" + encode(exchange) + "-5" + encode(queue) + (routingKey == null || routingKey.isEmpty() ? "" : "-5" + encode(routingKey));
    }

    public static String encode(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean last = i == name.length() - 1;
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                out.append(c);
            } else if (c == '.') {
                char next = last ? 0 : name.charAt(i + 1);
                boolean afterAlnum = out.length() > 0 && Character.isLetterOrDigit(out.charAt(out.length() - 1));
                out.append(afterAlnum && ((next >= 'a' && next <= 'z') || (next >= '0' && next <= '9')) ? "." : "-1");
            } else if (c == '-') {
                out.append(last ? "-4" : "--");
            } else if (c >= 'A' && c <= 'Z') {
                out.append('-').append(Character.toLowerCase(c));
            } else if (c == '_') {
                out.append("-0");
            } else {
                out.append("-2").append(String.format(Locale.ROOT, "%04x", (int) c));
            }
        }
        return out.toString();
    }
}

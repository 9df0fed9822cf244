package io.envsaga.contracts.spec;

import java.time.Duration;
import java.util.regex.Matcher;

/** The spec's durations ({@code 28d}, {@code 12h}, {@code 30m}, {@code 2s}): a positive whole number and one unit. */
public final class Durations {

    /** The validator's message for a malformed one. */
    public static final String MESSAGE = "must be a duration such as 28d, 12h, 30m or 2s (a positive whole number of s, m, h or d)";

    private static final java.util.regex.Pattern DURATION = java.util.regex.Pattern.compile(Patterns.DURATION);

    private Durations() {
    }

    /** The duration; null for null or for a text that is not one. */
    public static Duration parse(String text) {
        if (text == null) {
            return null;
        }
        Matcher matcher = DURATION.matcher(text);
        if (!matcher.matches()) {
            return null;
        }
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** As the spec writes it: the largest unit that divides it ({@code 28d}, {@code 90m}, {@code 2s}). */
    public static String format(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds > 0 && seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds > 0 && seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds > 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return duration.toMillis() % 1000 == 0 ? seconds + "s" : duration.toMillis() + "ms";
    }
}

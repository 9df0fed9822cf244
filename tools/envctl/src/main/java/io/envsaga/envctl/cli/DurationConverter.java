package io.envsaga.envctl.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** {@code 10m}, {@code 90s}, {@code 1h}, {@code 500ms}, or ISO-8601 ({@code PT10M}). */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
        Matcher m = SIMPLE.matcher(value.strip());
        Duration duration;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            duration = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        } else {
            try {
                duration = Duration.parse(value.strip());
            } catch (java.time.format.DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (e.g. 10m, 90s, 1h)");
            }
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a positive duration");
        }
        return duration;
    }
}

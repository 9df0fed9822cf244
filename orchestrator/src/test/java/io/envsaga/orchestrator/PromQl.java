package io.envsaga.orchestrator;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads: a small reader, not a parser (no PromQL parser is
 * on Maven Central). It drops string literals, label matchers ({@code {…}}), ranges
 * ({@code […]}, Grafana's {@code $__rate_interval} included) and the label lists of
 * {@code by}, {@code without}, {@code on}, {@code ignoring}, {@code group_left} and
 * {@code group_right}; what is left that looks like a name and is neither a function or
 * aggregation (followed by {@code (}) nor a keyword is a metric name.
 */
final class PromQl {

    private static final Pattern LABEL_LIST = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern NAME = Pattern.compile("(?<![\\w.$:])[a-zA-Z_:][\\w:]*(?![\\w:])(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring",
            "group_left", "group_right", "inf", "nan");

    private PromQl() {
    }

    static Set<String> metricNames(String expression) {
        String bare = expression.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^\\]]*]", " ");
        bare = LABEL_LIST.matcher(bare).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = NAME.matcher(bare);
        while (matcher.find()) {
            if (!KEYWORDS.contains(matcher.group().toLowerCase(java.util.Locale.ROOT))) {
                names.add(matcher.group());
            }
        }
        return names;
    }
}

package io.envsaga.orchestrator;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BinaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An alert's expression evaluated against scrapes, in the simplest honest way, for the two forms
 * envsaga's alerts use: {@code agg by (labels) (metric{matchers}) > n} (or {@code == n}), on the
 * last scrape; and {@code agg by (labels) (increase(metric{matchers}[range])) > n}, where the
 * increase is the last scrape's value less the first's (both taken within the range). Returns the
 * label sets for which the condition holds: the alerts that would be pending.
 *
 * <p>Limits: one process scraped, not Prometheus' view of two replicas; no {@code for:} (the
 * pending time); {@code increase} without Prometheus' extrapolation to the range's ends or its
 * handling of counter resets; matchers {@code =} and {@code =~} only; any other form is refused.
 */
record AlertCondition(String aggregation, List<String> by, boolean increase, String metric, Map<String, String> matchers,
                      String comparison, double threshold) {

    private static final Pattern FORM = Pattern.compile(
            "^(sum|max|min) by \\(([^)]*)\\) \\((increase\\()?([a-zA-Z_:][\\w:]*)(?:\\{([^}]*)})?(?:\\[[^\\]]+])?\\)?\\) (>|==) ([0-9.]+)$");
    private static final Pattern MATCHER = Pattern.compile("(\\w+)(=~?)\"([^\"]*)\"");

    static AlertCondition of(String expression) {
        Matcher m = FORM.matcher(expression.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a form this evaluation knows: " + expression);
        }
        Map<String, String> matchers = new TreeMap<>();
        if (m.group(5) != null) {
            Matcher matcher = MATCHER.matcher(m.group(5));
            while (matcher.find()) {
                matchers.put(matcher.group(1), matcher.group(2).equals("=") ? Pattern.quote(matcher.group(3)) : matcher.group(3));
            }
        }
        List<String> by = List.of(m.group(2).split("\\s*,\\s*"));
        return new AlertCondition(m.group(1), by, m.group(3) != null, m.group(4), matchers, m.group(6), Double.parseDouble(m.group(7)));
    }

    /** The groups (their {@code by} labels) for which the condition holds between {@code first} and {@code last}. */
    Set<Map<String, String>> holding(PrometheusScrape first, PrometheusScrape last) {
        Map<Map<String, String>, Double> now = aggregate(last);
        Map<Map<String, String>, Double> then = aggregate(first);
        Set<Map<String, String>> holding = new TreeSet<>(java.util.Comparator.comparing(Object::toString));
        now.forEach((group, value) -> {
            double x = increase ? value - then.getOrDefault(group, 0.0) : value;
            if (comparison.equals(">") ? x > threshold : x == threshold) {
                holding.add(group);
            }
        });
        return holding;
    }

    private Map<Map<String, String>, Double> aggregate(PrometheusScrape scrape) {
        BinaryOperator<Double> combine = switch (aggregation) {
            case "sum" -> Double::sum;
            case "max" -> Math::max;
            default -> Math::min;
        };
        Map<Map<String, String>, Double> groups = new java.util.HashMap<>();
        for (PrometheusScrape.Sample sample : scrape.of(metric)) {
            if (Double.isNaN(sample.value()) || !matchers.entrySet().stream()
                    .allMatch(e -> sample.labels().getOrDefault(e.getKey(), "").matches(e.getValue()))) {
                continue;
            }
            Map<String, String> group = new TreeMap<>();
            by.forEach(label -> group.put(label, sample.labels().getOrDefault(label, "")));
            groups.merge(group, sample.value(), combine);
        }
        return groups;
    }
}

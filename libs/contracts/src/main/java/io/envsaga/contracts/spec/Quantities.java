package io.envsaga.contracts.spec;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;

/** Kubernetes resource quantities ({@code 500m}, {@code 2}, {@code 1Gi}) as numbers, to compare and add them. */
public final class Quantities {

    private static final java.util.regex.Pattern QUANTITY = java.util.regex.Pattern.compile(Patterns.QUANTITY);
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("", BigDecimal.ONE), Map.entry("m", new BigDecimal("0.001")),
            Map.entry("k", BigDecimal.TEN.pow(3)), Map.entry("M", BigDecimal.TEN.pow(6)), Map.entry("G", BigDecimal.TEN.pow(9)),
            Map.entry("T", BigDecimal.TEN.pow(12)), Map.entry("P", BigDecimal.TEN.pow(15)), Map.entry("E", BigDecimal.TEN.pow(18)),
            Map.entry("Ki", BigDecimal.valueOf(2).pow(10)), Map.entry("Mi", BigDecimal.valueOf(2).pow(20)),
            Map.entry("Gi", BigDecimal.valueOf(2).pow(30)), Map.entry("Ti", BigDecimal.valueOf(2).pow(40)),
            Map.entry("Pi", BigDecimal.valueOf(2).pow(50)), Map.entry("Ei", BigDecimal.valueOf(2).pow(60)));

    private Quantities() {
    }

    /** The amount in base units (cores, bytes); null when it is not a quantity. */
    public static BigDecimal parse(String quantity) {
        return valid(quantity) ? value(quantity) : null;
    }

    /** The quantity's value in base units (bytes for memory, cores for CPU); null for null. */
    public static BigDecimal value(String quantity) {
        if (quantity == null) {
            return null;
        }
        Matcher matcher = QUANTITY.matcher(quantity);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a quantity: " + quantity);
        }
        String suffix = quantity.replaceFirst("^[0-9.]+", "");
        return new BigDecimal(quantity.substring(0, quantity.length() - suffix.length())).multiply(SUFFIXES.get(suffix));
    }

    /** Whether the string is a quantity at all (the field annotations report the ones that are not). */
    public static boolean valid(String quantity) {
        return quantity != null && QUANTITY.matcher(quantity).matches();
    }
}

package io.envsaga.envctl.spec;

import io.envsaga.envctl.cli.EnvctlException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code ${name}} placeholders of a spec file with {@code --set name=value}; {@code $${} is a
 * literal {@code ${}. Values are restricted to characters that cannot change the document's YAML
 * structure (no spaces, quotes, {@code #} or line breaks), so a value from a pull request can set a
 * tag but never add a key. Lines keep their numbers, so violations still point into the file.
 */
public final class Template {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$?\\$\\{([^}\\n]*)}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9._:/@+=-]{0,253}");

    private Template() {
    }

    /** Parses {@code name=value} pairs, rejecting bad names and unsafe values. */
    public static Map<String, String> values(List<String> assignments) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw EnvctlException.invalid("--set " + assignment + ": expected name=value");
            }
            String name = assignment.substring(0, eq);
            String value = assignment.substring(eq + 1);
            if (!NAME.matcher(name).matches()) {
                throw EnvctlException.invalid("--set " + name + ": a name is letters, digits and _ (not starting with a digit)");
            }
            if (!SAFE_VALUE.matcher(value).matches()) {
                throw EnvctlException.invalid("--set " + name + ": a value is at most 253 of the characters A-Z a-z 0-9 . _ : / @ + = -");
            }
            values.put(name, value);
        }
        return values;
    }

    /** The document with every placeholder filled; every placeholder must have a value and every value a placeholder. */
    public static String fill(String document, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(document);
        StringBuilder out = new StringBuilder();
        Set<String> used = new LinkedHashSet<>();
        List<String> missing = new ArrayList<>();
        while (matcher.find()) {
            String whole = matcher.group();
            String name = matcher.group(1);
            String replacement;
            if (whole.startsWith("$$")) {
                replacement = whole.substring(1);
            } else if (!NAME.matcher(name).matches()) {
                throw EnvctlException.invalid("line " + line(document, matcher.start()) + ": '" + whole + "' is not a placeholder (a name is letters, digits and _)");
            } else if (values.containsKey(name)) {
                replacement = values.get(name);
                used.add(name);
            } else {
                missing.add("${" + name + "} (line " + line(document, matcher.start()) + ")");
                replacement = whole;
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        if (!missing.isEmpty()) {
            throw EnvctlException.invalid("no value for " + String.join(", ", missing) + "; give --set name=value");
        }
        Set<String> unused = new LinkedHashSet<>(values.keySet());
        unused.removeAll(used);
        if (!unused.isEmpty()) {
            throw EnvctlException.invalid("--set " + String.join(", ", unused) + ": the file has no such placeholder");
        }
        return out.toString();
    }

    private static int line(String document, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (document.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}

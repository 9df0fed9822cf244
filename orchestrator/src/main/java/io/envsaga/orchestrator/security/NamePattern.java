package io.envsaga.orchestrator.security;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A glob over names: {@code *} matches any run of characters, everything else itself ({@code codedang-*}). */
public record NamePattern(String glob) {

    public boolean matches(String name) {
        if (name == null) {
            return false;
        }
        String regex = Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
        return Pattern.matches(regex, name);
    }
}

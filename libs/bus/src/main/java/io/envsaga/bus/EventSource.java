package io.envsaga.bus;

/** The CloudEvents {@code source} of this process, e.g. {@code /envsaga/dns-service}. */
public record EventSource(String uri) {
}

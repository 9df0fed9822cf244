package io.envsaga.dns.provider;

/**
 * The provider could not be used just now (unreachable, throttled past the retries, a 5xx):
 * transient, so the participant library retries the step. The message is a reason, never a stack trace.
 */
public class DnsUnavailableException extends RuntimeException {
    public DnsUnavailableException(String message) {
        super(message, null, false, false);
    }
}

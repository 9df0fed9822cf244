package io.envsaga.dns.provider;

/** The provider refused a change batch as a whole (Route53: {@code InvalidChangeBatch}); the message is the provider's. */
public class RejectedChangeException extends RuntimeException {
    public RejectedChangeException(String message) {
        super(message, null, false, false);
    }
}

package io.envsaga.dns.route53;

/** Route53 answered a change batch with {@code InvalidChangeBatch}; the message is Route53's. */
public class RejectedChangeException extends RuntimeException {
    public RejectedChangeException(String message) {
        super(message, null, false, false);
    }
}

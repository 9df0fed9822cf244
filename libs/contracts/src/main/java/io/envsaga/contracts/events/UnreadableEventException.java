package io.envsaga.contracts.events;

/** A message that is not an envsaga event: missing headers, unknown type or a body that does not parse. */
public class UnreadableEventException extends RuntimeException {

    public UnreadableEventException(String message) {
        super(message);
    }

    public UnreadableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}

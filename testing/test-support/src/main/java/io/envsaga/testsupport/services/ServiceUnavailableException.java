package io.envsaga.testsupport.services;

/** No server for the tests could be found; the message says what to start. */
public class ServiceUnavailableException extends RuntimeException {
    public ServiceUnavailableException(String message) {
        super(message);
    }
}

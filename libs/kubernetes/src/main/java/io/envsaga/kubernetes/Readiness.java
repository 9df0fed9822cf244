package io.envsaga.kubernetes;

/**
 * What a readiness rule says of an object at one moment.
 *
 * @param state   ready, still waiting, or failed for good (no point in waiting)
 * @param message for people: progress such as "client-api 2/3 available", or the failure's reason
 */
public record Readiness(State state, String message) {

    public enum State {
        READY, WAITING, FAILED
    }

    public static Readiness ready(String message) {
        return new Readiness(State.READY, message);
    }

    public static Readiness waiting(String message) {
        return new Readiness(State.WAITING, message);
    }

    public static Readiness failed(String reason) {
        return new Readiness(State.FAILED, reason);
    }

    public boolean isReady() {
        return state == State.READY;
    }

    public boolean isFailed() {
        return state == State.FAILED;
    }
}

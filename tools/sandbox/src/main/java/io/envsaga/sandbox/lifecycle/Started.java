package io.envsaga.sandbox.lifecycle;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What has started, to be stopped last started first; a part that fails to stop is reported and
 * the others still stop (nothing is left running because one part would not close).
 */
public final class Started implements AutoCloseable {

    private final String what;
    private final Deque<AutoCloseable> parts = new ArrayDeque<>();

    /** @param what what these parts are, for the message of one that fails to stop (e.g. "the sandbox") */
    public Started(String what) {
        this.what = what;
    }

    public void push(AutoCloseable part) {
        parts.push(part);
    }

    @Override
    public void close() {
        while (!parts.isEmpty()) {
            try {
                parts.pop().close();
            } catch (Exception e) {
                System.err.println("while stopping " + what + ": " + e);
            }
        }
    }
}

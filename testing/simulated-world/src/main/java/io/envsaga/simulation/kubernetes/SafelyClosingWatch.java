package io.envsaga.simulation.kubernetes;

import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * fabric8's watch listener, made safe to close. Two races in fabric8 7.8.0's mock stall the
 * server when a client closes a watch while an event is on its way to it (an informer closed
 * right after the change it waited for): its {@code onClosed} waits, on the server's event
 * loop, for its sender thread, which waits for that event loop to write; and an event for a
 * listener whose sender is already shut down throws out of the request that caused it, which
 * then never gets an answer. Here the listener leaves the dispatcher's listeners (under the
 * dispatcher's write lock) as soon as the client starts closing, and the waiting happens off
 * the event loop.
 */
final class SafelyClosingWatch extends WebSocketListener {

    private static final Executor CLOSERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "mock-watch-close");
        thread.setDaemon(true);
        return thread;
    });

    private final WebSocketListener delegate;
    private final Consumer<WebSocketListener> forget;

    /** @param forget stops the dispatcher sending events to a listener */
    SafelyClosingWatch(WebSocketListener delegate, Consumer<WebSocketListener> forget) {
        this.delegate = delegate;
        this.forget = forget;
    }

    @Override
    public void onBeforeAccept(WebSocket webSocket, Response response) {
        delegate.onBeforeAccept(webSocket, response);
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        delegate.onOpen(webSocket, response);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        delegate.onMessage(webSocket, text);
    }

    @Override
    public void onMessage(WebSocket webSocket, byte[] bytes) {
        delegate.onMessage(webSocket, bytes);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        forget.accept(delegate);
        delegate.onClosing(webSocket, code, reason);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        forget.accept(delegate);
        CLOSERS.execute(() -> delegate.onClosed(webSocket, code, reason));
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable error, Response response) {
        forget.accept(delegate);
        CLOSERS.execute(() -> delegate.onFailure(webSocket, error, response));
    }
}

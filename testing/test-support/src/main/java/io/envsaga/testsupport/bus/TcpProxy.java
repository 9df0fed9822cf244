package io.envsaga.testsupport.bus;

import io.envsaga.simulation.net.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 in front of a real server, which a test can cut ({@link #cut()}: every
 * connection dropped, new ones refused) and restore, to see what a client does while its broker
 * is unreachable, or pause ({@link #pause()}: connections stay open and new ones are accepted,
 * but no byte goes through either way, as with a broker stopped by SIGSTOP) and resume, without
 * stopping the broker other tests use.
 */
public class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private final Object gate = new Object();
    private boolean paused;

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        // restore() binds this port again after a cut: it must not be one a client can be given meanwhile
        this.port = FreePorts.take();
        restore();
    }

    public int port() {
        return port;
    }

    /** Accepts connections again, on the same port. */
    public synchronized void restore() throws IOException {
        if (server != null) {
            return;
        }
        ServerSocket listening = new ServerSocket();
        listening.setReuseAddress(true);
        // right after cut() the kernel may still hold the port for the closed listener: a few tries, not a failure
        for (int attempt = 1; ; attempt++) {
            try {
                listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                break;
            } catch (java.net.BindException stillHeld) {
                if (attempt == 100) {
                    listening.close();
                    throw stillHeld;
                }
                try {
                    Thread.sleep(100); // a retry interval, not a synchronisation: nothing else signals the port's release
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    listening.close();
                    throw stillHeld;
                }
            }
        }
        server = listening;
        Thread acceptor = new Thread(() -> accept(listening), "tcp-proxy-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Stops forwarding bytes, in both directions, without closing anything: a stalled server. */
    public void pause() {
        synchronized (gate) {
            paused = true;
        }
    }

    /** Forwards again what waited and what comes. */
    public void resume() {
        synchronized (gate) {
            paused = false;
            gate.notifyAll();
        }
    }

    /** Drops every connection and refuses new ones, as if the server were gone. */
    public synchronized void cut() {
        close(server);
        server = null;
        sockets.forEach(TcpProxy::close);
        sockets.clear();
    }

    @Override
    public void close() {
        resume();
        cut();
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // cut: the listening socket is closed
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread pump = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                byte[] buffer = new byte[16384];
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    awaitResumed();
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // one side went away
            } finally {
                close(from);
                close(to);
            }
        }, "tcp-proxy-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private void awaitResumed() throws InterruptedException {
        synchronized (gate) {
            while (paused) {
                gate.wait();
            }
        }
    }

    private static void close(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}

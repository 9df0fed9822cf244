package io.envsaga.simulation.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers that are told their port before they bind it (a {@code redis-server}, a
 * RabbitMQ node, an application started with {@code --server.port}, a proxy that closes its
 * listener and opens it again on the same port).
 *
 * <p>A port found with {@code new ServerSocket(0)} comes from the kernel's ephemeral range, the
 * same range every outgoing connection's local port is taken from: between the probe and the
 * server's bind (seconds, for a process that starts a JVM or an Erlang VM; the length of an outage
 * for a proxy that restores its listener), any client on the machine may be given that port, and
 * the server then fails with "address in use". So ports here come from below the ephemeral range
 * ({@code /proc/sys/net/ipv4/ip_local_port_range}), which the kernel never hands to a client, are
 * checked free on every address, and are never handed out twice by one JVM.
 */
public final class FreePorts {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** The lowest port handed out: above the well-known and most registered service ports. */
    private static final int LOWEST = 20_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private static final int[] RANGE = range();

    private FreePorts() {
    }

    /** A port that nothing listens on and that no outgoing connection can be given meanwhile. */
    public static int take() {
        if (RANGE == null) {
            return ephemeral(); // no range below the ephemeral one (or not Linux): the kernel's choice
        }
        return take(RANGE[0], RANGE[1]);
    }

    /** A port of [first, end) that is bindable now and was not handed out before. */
    static int take(int first, int end) {
        int size = end - first;
        // a random start: two JVMs (a test JVM and a process it started) rarely probe the same ports
        int start = ThreadLocalRandom.current().nextInt(size);
        for (int i = 0; i < size; i++) {
            int port = first + (start + i) % size;
            if (HANDED_OUT.add(port)) {
                if (bindable(port)) {
                    return port;
                }
                HANDED_OUT.remove(port);
            }
        }
        throw new IllegalStateException("no free port in " + first + "-" + (end - 1));
    }

    /** [first, end) below the ephemeral range, or null when there is no room for one. */
    static int[] range() {
        int ephemeralLow = 32_768; // Linux's default
        try {
            if (Files.isReadable(EPHEMERAL_RANGE)) {
                // read as a stream: procfs reports a size of 0, and Files.readString trusts the size
                try (var in = Files.newInputStream(EPHEMERAL_RANGE)) {
                    String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
                    ephemeralLow = Integer.parseInt(text.trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // keep the default
        }
        return ephemeralLow - LOWEST >= 1_000 ? new int[] {LOWEST, ephemeralLow} : null;
    }

    private static boolean bindable(int port) {
        // the wildcard address: taken if anything listens on the port on any address (loopback included)
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static int ephemeral() {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

package io.envsaga.sandbox.servers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Whether a local server answers, and free ports for the embedded ones. */
public final class LocalServers {

    private LocalServers() {
    }

    /** A TCP connection within half a second: something listens there. */
    public static boolean answers(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port that nothing listens on now and that no client can be given before a server binds it (FreePorts). */
    public static int freePort() {
        return io.envsaga.simulation.net.FreePorts.take();
    }
}

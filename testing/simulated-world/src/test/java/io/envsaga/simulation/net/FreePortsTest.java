package io.envsaga.simulation.net;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void portsComeFromBelowTheRangeTheKernelGivesToClients() throws IOException {
        int[] range = FreePorts.range();
        assumeTrue(range != null, "no room below the ephemeral range on this machine");
        List<Socket> clients = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < 50; i++) {
                clients.add(new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()));
            }
            // the premise: a client's local port is from the ephemeral range, never from the one FreePorts uses
            assertThat(clients).allSatisfy(c -> assertThat(c.getLocalPort()).isGreaterThanOrEqualTo(range[1]));
            for (int i = 0; i < 50; i++) {
                assertThat(FreePorts.take()).isBetween(range[0], range[1] - 1);
            }
        } finally {
            for (Socket client : clients) {
                client.close();
            }
        }
    }

    @Test
    void aPortIsHandedOutOnceAndCanBeBound() throws IOException {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = FreePorts.take();
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
        }
        int port = FreePorts.take();
        try (ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            assertThat(server.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void aPortSomethingListensOnIsNotHandedOut() throws IOException {
        // a port never handed out by FreePorts, with a listener on loopback: a window of just that port has nothing to give
        try (ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = listening.getLocalPort();
            assertThatIllegalStateException().isThrownBy(() -> FreePorts.take(port, port + 1)).withMessageContaining("no free port");
        }
    }
}

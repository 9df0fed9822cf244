package io.envsaga.simulation.operators;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * Makes one vhost namespace of the shared broker look like a broker of its own: an AMQP 0-9-1
 * proxy on 127.0.0.1 that rewrites the virtual host of the client's {@code Connection.Open}
 * (vhost {@code vh} becomes, say, {@code sim.ns.name.1a2b3c:vh}) and passes everything else
 * through untouched. So a client connects as it would to the environment's own broker, with the
 * spec's vhost name, while parallel test runs and environments share one RabbitMQ.
 */
final class AmqpVhostProxy implements AutoCloseable {

    private static final int FRAME_METHOD = 1;
    private static final int FRAME_END = 0xCE;

    private final String brokerHost;
    private final int brokerPort;
    private final UnaryOperator<String> vhosts;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    AmqpVhostProxy(String brokerHost, int brokerPort, UnaryOperator<String> vhosts) throws IOException {
        this.brokerHost = brokerHost;
        this.brokerPort = brokerPort;
        this.vhosts = vhosts;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "amqp-vhost-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket broker = new Socket(brokerHost, brokerPort);
                sockets.add(client);
                sockets.add(broker);
                start(() -> rewriteOpen(client, broker));
                start(() -> pump(broker, client));
            } catch (IOException e) {
                // closed
            }
        }
    }

    /** Client to broker: the protocol header and frames up to Connection.Open (rewritten), then a plain copy. */
    private void rewriteOpen(Socket client, Socket broker) {
        try (DataInputStream in = new DataInputStream(client.getInputStream()); DataOutputStream out = new DataOutputStream(broker.getOutputStream())) {
            byte[] header = in.readNBytes(8);
            out.write(header);
            out.flush();
            boolean opened = false;
            while (!opened) {
                int type = in.readUnsignedByte();
                int channel = in.readUnsignedShort();
                byte[] payload = in.readNBytes(in.readInt());
                int end = in.readUnsignedByte();
                ByteBuffer buffer = ByteBuffer.wrap(payload);
                if (type == FRAME_METHOD && channel == 0 && buffer.getShort(0) == 10 && buffer.getShort(2) == 40) {
                    payload = open(payload);
                    opened = true;
                }
                out.writeByte(type);
                out.writeShort(channel);
                out.writeInt(payload.length);
                out.write(payload);
                out.writeByte(end == FRAME_END ? end : FRAME_END);
                out.flush();
            }
            in.transferTo(out);
        } catch (IOException e) {
            // one side went away
        } finally {
            close(client);
            close(broker);
        }
    }

    /** Connection.Open: class 10, method 40, shortstr virtual-host, then the rest as it was. */
    private byte[] open(byte[] payload) {
        int length = payload[4] & 0xFF;
        String vhost = new String(payload, 5, length, StandardCharsets.UTF_8);
        byte[] mapped = vhosts.apply(vhost).getBytes(StandardCharsets.UTF_8);
        ByteBuffer rewritten = ByteBuffer.allocate(payload.length - length + mapped.length);
        rewritten.put(payload, 0, 4).put((byte) mapped.length).put(mapped).put(payload, 5 + length, payload.length - 5 - length);
        return rewritten.array();
    }

    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // one side went away
        } finally {
            close(from);
            close(to);
        }
    }

    private static void start(Runnable pump) {
        Thread thread = new Thread(pump, "amqp-vhost-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        close(server);
        sockets.forEach(AmqpVhostProxy::close);
    }

    private static void close(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}

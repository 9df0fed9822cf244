package io.envsaga.dns.nodes;

import java.util.List;
import java.util.function.Consumer;

/** The cluster's node IPs that every A record points at. */
public interface NodeAddresses extends AutoCloseable {

    /** The IPv4 addresses known now, sorted; empty while none is known. */
    List<String> current();

    /** Called with the new addresses each time they change (and once when they first become known). */
    void onChange(Consumer<List<String>> listener);

    /** Stops watching, if it watches anything. */
    @Override
    default void close() {
    }
}

package io.envsaga.dns.nodes;

import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** Node IPs from configuration ({@code envsaga.dns.nodes.addresses}); checked at start-up. */
public final class StaticNodeAddresses implements NodeAddresses {

    static final Pattern IPV4 = Pattern.compile("^(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}$");

    private final List<String> addresses;

    public StaticNodeAddresses(List<String> addresses) {
        for (int i = 0; i < addresses.size(); i++) {
            if (addresses.get(i) == null || !IPV4.matcher(addresses.get(i)).matches()) {
                throw new IllegalArgumentException("envsaga.dns.nodes.addresses[" + i + "]: '" + addresses.get(i) + "' is not an IPv4 address");
            }
        }
        this.addresses = List.copyOf(new TreeSet<>(addresses));
    }

    @Override
    public List<String> current() {
        return addresses;
    }

    @Override
    public void onChange(Consumer<List<String>> listener) {
        if (!addresses.isEmpty()) {
            listener.accept(addresses);
        }
    }
}

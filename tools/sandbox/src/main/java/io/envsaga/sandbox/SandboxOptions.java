package io.envsaga.sandbox;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the sandbox runs.
 *
 * @param directory          where it writes its files (token, url, kubeconfig, log, embedded data)
 * @param apiPort            the orchestrator's HTTP port (0: a free one)
 * @param kubernetesPort     the mock API server's port (0: a free one; it is in the kubeconfig)
 * @param rabbitmq           where a local RabbitMQ is looked for (an embedded broker otherwise)
 * @param rabbitmqManagement where that RabbitMQ's management API is looked for (null: its host, port 15672; see
 *                           {@link #management()}); without it environments' messaging runs on an embedded broker
 * @param postgres           where a local PostgreSQL is looked for (trust authentication as postgres)
 * @param redis              where a local Redis is looked for
 * @param embeddedOnly       use the embedded servers even where a local one answers (--embedded)
 * @param busPrefix          the bus's exchange and queue prefix
 * @param database           the saga store's database on a local PostgreSQL (made afresh at start)
 * @param zones              Route53 hosted zones of the stub, besides those of the applied specs
 * @param apply              spec files to apply once everything runs
 */
public record SandboxOptions(Path directory, int apiPort, int kubernetesPort, InetSocketAddress rabbitmq,
                             InetSocketAddress rabbitmqManagement, InetSocketAddress postgres, InetSocketAddress redis,
                             boolean embeddedOnly, String busPrefix, String database, List<String> zones, List<Path> apply) {

    /** RabbitMQ's management port, where {@code --rabbitmq-management} does not say otherwise. */
    public static final int MANAGEMENT_PORT = 15672;

    public static final String USAGE = """
            usage: java -jar tools/sandbox/target/envsaga-sandbox.jar [--apply FILE...] [options]
              --apply FILE...          spec files to apply once everything runs (e.g. examples/codedang-stage.yaml)
              --dir DIR                where the sandbox writes its files (.envsaga)
              --port N                 the orchestrator's API port (8080; 0 = any free port)
              --kubernetes-port N      the Kubernetes API's port (0 = any free port; see .envsaga/kubeconfig)
              --rabbitmq HOST:PORT     a local RabbitMQ to use when it answers (127.0.0.1:5672; else embedded)
              --rabbitmq-management HOST:PORT
                                       its management API (the --rabbitmq host, port 15672); where it does not answer,
                                       environments' messaging runs on an embedded broker and only the bus on RabbitMQ
              --postgres HOST:PORT     a local PostgreSQL to use when it answers (127.0.0.1:5432; else embedded)
              --redis HOST:PORT        a local Redis to use when it answers (127.0.0.1:6379; else embedded)
              --embedded               use the embedded servers even where local ones answer (as on a bare machine)
              --bus-prefix PREFIX      exchange and queue prefix (envsaga-sandbox)
              --database NAME          the saga store's database on a local PostgreSQL (envsaga_sandbox)
              --zone NAME...           more Route53 hosted zones (each applied spec's zone is made anyway; codedang.com if none)
            A spec whose workload image ends in :broken gets pods failing with ImagePullBackOff.""";

    public static SandboxOptions defaults() {
        return new SandboxOptions(Path.of(".envsaga"), 8080, 0, new InetSocketAddress("127.0.0.1", 5672), null,
                new InetSocketAddress("127.0.0.1", 5432), new InetSocketAddress("127.0.0.1", 6379), false, "envsaga-sandbox",
                "envsaga_sandbox", List.of(), List.of());
    }

    /** Reads the command line; a wrong argument is an {@link IllegalArgumentException} saying which. */
    public static SandboxOptions parse(String... args) {
        SandboxOptions o = defaults();
        List<Path> apply = new ArrayList<>();
        List<String> zones = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--apply" -> {
                    while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                        apply.add(Path.of(args[++i]));
                    }
                }
                case "--zone" -> {
                    while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                        zones.add(args[++i]);
                    }
                }
                case "--dir" -> o = o.with(Path.of(value(args, ++i, arg)));
                case "--port" -> o = new SandboxOptions(o.directory, port(value(args, ++i, arg), arg), o.kubernetesPort, o.rabbitmq,
                        o.rabbitmqManagement, o.postgres, o.redis, o.embeddedOnly, o.busPrefix, o.database, o.zones, o.apply);
                case "--kubernetes-port" -> o = new SandboxOptions(o.directory, o.apiPort, port(value(args, ++i, arg), arg), o.rabbitmq,
                        o.rabbitmqManagement, o.postgres, o.redis, o.embeddedOnly, o.busPrefix, o.database, o.zones, o.apply);
                case "--rabbitmq" -> o = o.withProbes(address(value(args, ++i, arg), arg), o.postgres, o.redis);
                case "--rabbitmq-management" -> o = o.withManagement(address(value(args, ++i, arg), arg));
                case "--postgres" -> o = o.withProbes(o.rabbitmq, address(value(args, ++i, arg), arg), o.redis);
                case "--redis" -> o = o.withProbes(o.rabbitmq, o.postgres, address(value(args, ++i, arg), arg));
                case "--embedded" -> o = o.withEmbeddedOnly(true);
                case "--bus-prefix" -> o = new SandboxOptions(o.directory, o.apiPort, o.kubernetesPort, o.rabbitmq, o.rabbitmqManagement,
                        o.postgres, o.redis, o.embeddedOnly, value(args, ++i, arg), o.database, o.zones, o.apply);
                case "--database" -> o = new SandboxOptions(o.directory, o.apiPort, o.kubernetesPort, o.rabbitmq, o.rabbitmqManagement,
                        o.postgres, o.redis, o.embeddedOnly, o.busPrefix, value(args, ++i, arg), o.zones, o.apply);
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        return new SandboxOptions(o.directory, o.apiPort, o.kubernetesPort, o.rabbitmq, o.rabbitmqManagement, o.postgres, o.redis,
                o.embeddedOnly, o.busPrefix, o.database, List.copyOf(zones), List.copyOf(apply));
    }

    /** Where the local RabbitMQ's management API is looked for: {@code --rabbitmq-management}, else the broker's host at 15672. */
    public InetSocketAddress management() {
        return rabbitmqManagement != null ? rabbitmqManagement : new InetSocketAddress(rabbitmq.getHostString(), MANAGEMENT_PORT);
    }

    public SandboxOptions with(Path directory) {
        return new SandboxOptions(directory, apiPort, kubernetesPort, rabbitmq, rabbitmqManagement, postgres, redis, embeddedOnly, busPrefix,
                database, zones, apply);
    }

    public SandboxOptions withProbes(InetSocketAddress rabbitmq, InetSocketAddress postgres, InetSocketAddress redis) {
        return new SandboxOptions(directory, apiPort, kubernetesPort, rabbitmq, rabbitmqManagement, postgres, redis, embeddedOnly, busPrefix,
                database, zones, apply);
    }

    public SandboxOptions withManagement(InetSocketAddress rabbitmqManagement) {
        return new SandboxOptions(directory, apiPort, kubernetesPort, rabbitmq, rabbitmqManagement, postgres, redis, embeddedOnly, busPrefix,
                database, zones, apply);
    }

    public SandboxOptions withBus(String busPrefix, String database, int apiPort) {
        return new SandboxOptions(directory, apiPort, kubernetesPort, rabbitmq, rabbitmqManagement, postgres, redis, embeddedOnly, busPrefix,
                database, zones, apply);
    }

    public SandboxOptions withEmbeddedOnly(boolean embeddedOnly) {
        return new SandboxOptions(directory, apiPort, kubernetesPort, rabbitmq, rabbitmqManagement, postgres, redis, embeddedOnly, busPrefix,
                database, zones, apply);
    }

    public SandboxOptions withApply(List<Path> apply) {
        return new SandboxOptions(directory, apiPort, kubernetesPort, rabbitmq, rabbitmqManagement, postgres, redis, embeddedOnly, busPrefix,
                database, zones, List.copyOf(apply));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int port(String value, String option) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects a port number (0-65535), got '" + value + "'");
        }
    }

    private static InetSocketAddress address(String value, String option) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(option + " expects HOST:PORT, got '" + value + "'");
        }
        return new InetSocketAddress(value.substring(0, colon), port(value.substring(colon + 1), option));
    }
}

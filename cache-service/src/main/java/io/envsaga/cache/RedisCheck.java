package io.envsaga.cache;

import io.envsaga.participant.Backoff;
import io.envsaga.participant.StepFailure;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The cache checked with a real client (lettuce): reach the environment's Redis, authenticate
 * when it has a password, PING, and confirm that {@code maxmemory} and {@code maxmemory-policy}
 * took effect. Tries again with backoff until the deadline, then fails the step with the client's
 * own last error on one line (connection refused, WRONGPASS, a timeout, a setting that differs).
 */
public class RedisCheck implements AutoCloseable {

    private final RedisClient client = RedisClient.create();
    private final CacheProperties.Check settings;

    public RedisCheck(CacheProperties.Check settings) {
        this.settings = settings;
        // RESP2: the handshake is a plain AUTH, whose own error (WRONGPASS) comes back as it is; with
        // RESP3's HELLO lettuce may retry the handshake and report a closed connection instead
        client.setOptions(ClientOptions.builder().autoReconnect(false).protocolVersion(io.lettuce.core.protocol.ProtocolVersion.RESP2)
                .socketOptions(SocketOptions.builder().connectTimeout(settings.commandTimeout()).build())
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .build());
    }

    /** What to connect to: resolved anew at each try (a port-forward may move). */
    public record Connection(Supplier<InetSocketAddress> address, Supplier<String> password) {
    }

    /**
     * @throws StepFailure (retryable) with the client's last error once the deadline has passed
     */
    public void await(Connection connection, RedisSettings expected, Consumer<String> progress) throws InterruptedException {
        Backoff backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff(), 2.0);
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        String reported = null;
        for (int attempt = 1; ; attempt++) {
            String problem = tryOnce(connection, expected);
            if (problem == null) {
                return;
            }
            if (!problem.equals(reported)) {
                progress.accept("Redis check: " + problem);
                reported = problem;
            }
            long wait = backoff.delay(attempt, ThreadLocalRandom.current().nextDouble()).toNanos();
            if (System.nanoTime() + wait >= deadline) {
                throw new StepFailure("Redis check failed after " + settings.timeout().toString().substring(2).toLowerCase(java.util.Locale.ROOT) + ": " + problem, true);
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /** One try: null when the Redis answers as expected, else what is wrong, on one line. */
    String tryOnce(Connection connection, RedisSettings expected) {
        try (StatefulRedisConnection<String, String> redis = client.connect(uri(connection))) {
            RedisCommands<String, String> commands = redis.sync();
            String pong = commands.ping();
            if (!"PONG".equals(pong)) {
                return "PING answered " + pong;
            }
            // one parameter per CONFIG GET: several in one call are Redis 7's (6.2 answers "wrong number of arguments")
            String maxmemory = commands.configGet("maxmemory").get("maxmemory");
            if (!Long.toString(expected.maxmemory()).equals(maxmemory)) {
                return "maxmemory is " + maxmemory + ", expected " + expected.maxmemory();
            }
            String policy = commands.configGet("maxmemory-policy").get("maxmemory-policy");
            if (!expected.maxmemoryPolicy().equals(policy)) {
                return "maxmemory-policy is " + policy + ", expected " + expected.maxmemoryPolicy();
            }
            return null;
        } catch (RuntimeException e) {
            return describe(e);
        }
    }

    /** FLUSHALL, once; the client's error on one line when it cannot. */
    public String flushAll(Connection connection) {
        try (StatefulRedisConnection<String, String> redis = client.connect(uri(connection))) {
            redis.sync().flushall();
            return null;
        } catch (RuntimeException e) {
            return describe(e);
        }
    }

    private RedisURI uri(Connection connection) {
        InetSocketAddress address = connection.address().get();
        RedisURI uri = RedisURI.builder().withHost(address.getHostString()).withPort(address.getPort())
                .withTimeout(settings.commandTimeout()).build();
        String password = connection.password().get();
        if (password != null) {
            uri.setCredentialsProvider(io.lettuce.core.RedisCredentialsProvider.from(
                    () -> io.lettuce.core.RedisCredentials.just(null, password)));
        }
        return uri;
    }

    /** The client's message and, when it wraps another, the root cause's: one line, no stack trace. */
    static String describe(Throwable error) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != error && root.getMessage() != null && !message.contains(root.getMessage())) {
            message = message + ": " + root.getMessage();
        }
        return message.replaceAll("\\s+", " ").strip();
    }

    @Override
    public void close() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}

package io.envsaga.envctl.watch;

import io.envsaga.envctl.api.ApiClient;
import io.envsaga.envctl.cli.EnvctlException;
import io.envsaga.envctl.cli.ExitCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Follows an environment's Server-Sent Events until the target's outcome or the deadline. The
 * stream is read on a daemon thread; a stream that ends or breaks before the outcome is opened
 * again (the server starts every stream with the current state, so nothing is missed).
 */
public final class Waiter {

    private static final Duration RECONNECT_PAUSE = Duration.ofSeconds(1);

    private final ApiClient api;
    private final Clock clock;

    public Waiter(ApiClient api, Clock clock) {
        this.api = api;
        this.clock = clock;
    }

    public Outcome await(Target target, Duration timeout, Progress progress) {
        Instant deadline = clock.instant().plus(timeout);
        BlockingQueue<Object> signals = new LinkedBlockingQueue<>();
        Reader reader = new Reader(target.name(), signals);
        Thread thread = new Thread(reader, "envctl-events-" + target.name());
        thread.setDaemon(true);
        thread.start();
        JsonNode last = null;
        try {
            while (true) {
                long left = Duration.between(clock.instant(), deadline).toMillis();
                if (left <= 0) {
                    Outcome outcome = new Outcome(ExitCode.TIMED_OUT, "timed out: " + target.name() + " is still "
                            + (last == null ? "not settled" : Views.phase(last)) + " after " + Views.human(timeout), List.of(), last);
                    progress.finish(outcome);
                    return outcome;
                }
                Object signal = signals.poll(left, TimeUnit.MILLISECONDS);
                if (signal instanceof JsonNode view) {
                    last = view;
                    progress.show(view);
                    Outcome outcome = target.decide(view);
                    if (outcome != null) {
                        progress.finish(outcome);
                        return outcome;
                    }
                } else if (signal instanceof EnvctlException e && e.exitCode() != ExitCode.UNREACHABLE) {
                    throw e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EnvctlException.unreachable("interrupted while waiting for " + target.name());
        } finally {
            reader.stop();
            thread.interrupt();
        }
    }

    private final class Reader implements Runnable {
        private final String name;
        private final BlockingQueue<Object> signals;
        private volatile boolean stopped;
        private volatile AutoCloseable stream;

        Reader(String name, BlockingQueue<Object> signals) {
            this.name = name;
            this.signals = signals;
        }

        @Override
        public void run() {
            while (!stopped) {
                try {
                    api.events(name, view -> {
                        if (!stopped) {
                            signals.add(view);
                        }
                    }, this::opened);
                } catch (EnvctlException e) {
                    signals.add(e);
                    if (e.exitCode() != ExitCode.UNREACHABLE) {
                        return;
                    }
                }
                try {
                    // the stream ended (the server closes it once the environment settles) or broke: again, a little later
                    Thread.sleep(RECONNECT_PAUSE.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void opened(AutoCloseable opened) {
            stream = opened;
            if (stopped) {
                close(opened); // stopped while it was being opened
            }
        }

        /** Ends the read and closes the connection: the server drops the stream at once, not at its timeout. */
        void stop() {
            stopped = true;
            AutoCloseable open = stream;
            if (open != null) {
                close(open);
            }
        }

        private static void close(AutoCloseable open) {
            try {
                open.close();
            } catch (Exception ignored) {
                // closing is all that is wanted
            }
        }
    }
}

package io.envsaga.sandbox;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar tools/sandbox/target/envsaga-sandbox.jar --apply examples/codedang-stage.yaml}:
 * starts the sandbox, prints where everything is, applies the given specs and prints their sagas
 * until Ctrl-C, which stops everything.
 */
public final class SandboxMain {

    private SandboxMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = System.out;
        SandboxOptions options;
        try {
            if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
                out.println(SandboxOptions.USAGE);
                return;
            }
            options = SandboxOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(SandboxOptions.USAGE);
            System.exit(2);
            return;
        }
        // before anything logs: the applications' log file lives in the sandbox's directory
        System.setProperty("envsaga.sandbox.log", options.directory().resolve("sandbox.log").toString());
        // java.util.logging (the mock API server's) into the same file, not the console
        java.util.logging.LogManager.getLogManager().reset();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        out.println("envsaga sandbox: starting the servers, two clusters' Kubernetes APIs, Route53, the orchestrator and each cluster's step services ...");
        long start = System.nanoTime();
        Sandbox sandbox;
        try {
            sandbox = Sandbox.start(options, out);
        } catch (RuntimeException e) {
            System.err.println("the sandbox did not start: " + e.getMessage());
            System.err.println("details in " + options.directory().resolve("sandbox.log"));
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable stop = () -> {
            if (stopping.compareAndSet(false, true)) {
                out.println("envsaga sandbox: stopping ...");
                sandbox.close();
                out.println("envsaga sandbox: stopped");
            }
            stopped.countDown();
        };
        // Ctrl-C and kill stop the applications before the servers: the embedded servers' own
        // shutdown hooks would otherwise stop them at the same time as the applications (the JVM
        // runs its hooks concurrently), and the applications would wait on a dead database
        for (String signal : new String[] {"INT", "TERM"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> {
                stop.run();
                System.exit(0);
            });
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "sandbox-shutdown"));
        sandbox.announceAndApply(out, (System.nanoTime() - start) / 1_000_000);
        stopped.await();
    }
}

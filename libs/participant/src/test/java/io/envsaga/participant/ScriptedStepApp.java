package io.envsaga.participant;

import io.envsaga.contracts.events.Step;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A step service whose step does what the environment's name asks, for the participant
 * library's tests: {@code ok-*} succeeds, {@code flaky-*} fails twice transiently then succeeds,
 * {@code broken-*} always fails transiently, {@code bad-*} fails permanently, {@code stuck-*}
 * fails its release permanently, {@code hang-*}
 * blocks (in an instance started with {@code test.hang=true}), {@code order-*} takes a little
 * while. Calls are recorded, per JVM, in {@link #CALLS}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ScriptedStepApp {

    /** One call of the step: which instance, what, which generation. */
    public record Call(String instance, StepContext.Command command, String environment, long generation, int attempt) {
    }

    public static final List<Call> CALLS = new CopyOnWriteArrayList<>();

    public static void main(String[] args) {
        SpringApplication.run(ScriptedStepApp.class, args);
    }

    @Bean
    StepHandler scriptedStep(@Value("${test.instance:main}") String instance, @Value("${test.hang:false}") boolean hang) {
        return new StepHandler() {
            private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

            @Override
            public Step step() {
                return Step.DNS;
            }

            @Override
            public StepResult apply(StepContext context) throws Exception {
                String name = context.environment().name();
                CALLS.add(new Call(instance, context.command(), name, context.generation(), context.attempt()));
                // the child JVM of the crash test reports on stdout, which the test reads
                System.out.println("APPLYING " + name + " " + context.generation() + " by " + instance);
                System.out.flush();
                if (name.startsWith("hang-") && hang) {
                    Thread.sleep(Long.MAX_VALUE);
                }
                if (name.startsWith("flaky-") && attempts.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet() <= 2) {
                    throw new java.net.ConnectException("connection refused by the API server");
                }
                if (name.startsWith("broken-")) {
                    throw new java.io.IOException("API server unreachable");
                }
                if (name.startsWith("bad-")) {
                    throw new StepFailure("image ghcr.io/skkuding/missing:1 cannot be pulled");
                }
                if (name.startsWith("order-")) {
                    context.progress("applying generation " + context.generation());
                    Thread.sleep(ThreadLocalRandom.current().nextInt(0, 15)); // the work itself, not a synchronisation
                }
                return StepResult.done(Map.of("instance", instance, "record", name + ".codedang.com"));
            }

            @Override
            public void release(StepContext context) {
                String name = context.environment().name();
                CALLS.add(new Call(instance, context.command(), name, context.generation(), context.attempt()));
                if (name.startsWith("stuck-")) {
                    throw new StepFailure("finalizer of " + name + " never cleared");
                }
            }
        };
    }
}

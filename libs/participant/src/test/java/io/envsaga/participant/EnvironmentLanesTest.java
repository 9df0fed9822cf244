package io.envsaga.participant;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ordering rules alone, without a broker: the runner is replaced by lists. */
class EnvironmentLanesTest {

    private final List<String> started = new ArrayList<>();
    private final List<String> dropped = new ArrayList<>();
    private final List<String> acked = new ArrayList<>();
    private final EnvironmentLanes lanes = new EnvironmentLanes(job -> started.add(name(job)),
            (job, why) -> {
                dropped.add(name(job));
                job.delivery.ack();
            });

    @Test
    void aSettledEnvironmentIsForgottenAfterTheKeepTimeAndABusyOneNever() {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
        EnvironmentLanes bounded = new EnvironmentLanes(job -> { }, (job, why) -> { }, now::get, java.time.Duration.ofMinutes(10));
        for (int i = 0; i < 1000; i++) {
            CommandJob done = job("settled-" + i, 1, StepContext.Command.APPLY);
            bounded.submit(done);
            bounded.finished(done);
        }
        bounded.submit(job("busy", 1, StepContext.Command.APPLY));
        assertThat(bounded.environments()).isEqualTo(1001);

        now.addAndGet(java.time.Duration.ofMinutes(11).toNanos());
        bounded.submit(job("new", 1, StepContext.Command.APPLY));

        assertThat(bounded.environments()).as("the busy one and the new one").isEqualTo(2);
    }

    @Test
    void oneCommandAtATimePerEnvironmentAndEnvironmentsIndependently() {
        CommandJob a1 = job("a", 1, StepContext.Command.APPLY);
        CommandJob b1 = job("b", 1, StepContext.Command.APPLY);
        lanes.submit(a1);
        lanes.submit(b1);

        assertThat(started).containsExactly("a/1/APPLY", "b/1/APPLY");
    }

    @Test
    void aNewerCommandSupersedesTheRunningOneAndStartsWhenItIsSettled() {
        CommandJob g1 = job("a", 1, StepContext.Command.APPLY);
        CommandJob g2 = job("a", 2, StepContext.Command.APPLY);
        lanes.submit(g1);
        lanes.submit(g2);

        assertThat(g1.isSuperseded()).isTrue();
        assertThat(started).containsExactly("a/1/APPLY");

        lanes.finished(g1);
        assertThat(started).containsExactly("a/1/APPLY", "a/2/APPLY");
    }

    @Test
    void onlyTheNewestWaitingCommandSurvives() {
        lanes.submit(job("a", 1, StepContext.Command.APPLY));
        lanes.submit(job("a", 2, StepContext.Command.APPLY));
        lanes.submit(job("a", 3, StepContext.Command.APPLY));

        assertThat(dropped).containsExactly("a/2/APPLY");
        assertThat(acked).containsExactly("a/2/APPLY");
    }

    @Test
    void aCommandOlderThanTheNewestSeenIsDroppedNotRun() {
        CommandJob g5 = job("a", 5, StepContext.Command.APPLY);
        lanes.submit(g5);
        lanes.finished(g5);
        lanes.submit(job("a", 4, StepContext.Command.APPLY));

        assertThat(started).containsExactly("a/5/APPLY");
        assertThat(dropped).containsExactly("a/4/APPLY");
    }

    @Test
    void withinAGenerationRollbackFollowsApplyButApplyNeverFollowsRollback() {
        CommandJob apply = job("a", 3, StepContext.Command.APPLY);
        CommandJob rollback = job("a", 3, StepContext.Command.ROLLBACK);
        lanes.submit(apply);
        lanes.submit(rollback);
        lanes.finished(apply);
        lanes.finished(rollback);
        lanes.submit(job("a", 3, StepContext.Command.APPLY)); // a redelivered apply after its rollback

        assertThat(started).containsExactly("a/3/APPLY", "a/3/ROLLBACK");
        assertThat(dropped).containsExactly("a/3/APPLY");
    }

    @Test
    void aRedeliveryOfTheSameCommandRunsAgain() {
        CommandJob first = job("a", 2, StepContext.Command.APPLY);
        lanes.submit(first);
        lanes.finished(first);
        lanes.submit(job("a", 2, StepContext.Command.APPLY));

        assertThat(started).containsExactly("a/2/APPLY", "a/2/APPLY");
    }

    private CommandJob job(String environment, long generation, StepContext.Command command) {
        Event<Object> event = Event.of(EventType.ENVIRONMENT_REQUESTED, "/test", environment, "saga", generation, null, null);
        String name = environment + "/" + generation + "/" + command;
        Delivery delivery = new Delivery() {
            @Override
            public void ack() {
                acked.add(name);
            }

            @Override
            public void requeue() {
            }

            @Override
            public void reject() {
            }
        };
        return new CommandJob(event, command, null, delivery);
    }

    private static String name(CommandJob job) {
        return job.environmentName() + "/" + job.order.generation() + "/" + job.command;
    }
}

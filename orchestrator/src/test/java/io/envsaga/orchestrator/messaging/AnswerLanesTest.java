package io.envsaga.orchestrator.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventType;
import io.envsaga.contracts.events.Payloads;
import io.envsaga.contracts.events.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AnswerLanesTest {

    @Test
    void answersOfOneEnvironmentAreAppliedInOrderAndNeverConcurrentlyWhileEnvironmentsRunSideBySide() throws Exception {
        int environments = 12;
        int perEnvironment = 40;
        Map<String, List<String>> applied = new ConcurrentHashMap<>();
        Set<String> running = ConcurrentHashMap.newKeySet();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch acked = new CountDownLatch(environments * perEnvironment);
        AnswerLanes lanes = new AnswerLanes((environment, answers) -> {
            if (!running.add(environment)) {
                overlaps.incrementAndGet();
            }
            answers.forEach(a -> applied.computeIfAbsent(environment, e -> new CopyOnWriteArrayList<>()).add(a.id()));
            running.remove(environment);
        }, new AnswerLaneProperties(4, 100, 7), io.envsaga.bus.tracing.MessageTracing.none());
        try {
            Map<String, List<String>> sent = new ConcurrentHashMap<>();
            for (int i = 0; i < perEnvironment; i++) {
                for (int e = 0; e < environments; e++) {
                    Event<?> answer = answer("env-" + e, i);
                    sent.computeIfAbsent("env-" + e, k -> new ArrayList<>()).add(answer.id());
                    lanes.submit(new AnswerLanes.Answer(answer, settlement(acked::countDown, () -> { })));
                }
            }

            assertThat(acked.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(applied).isEqualTo(sent);
            assertThat(overlaps).hasValue(0);
        } finally {
            lanes.close();
        }
    }

    @Test
    void answersWhoseTransactionFailedAreRequeuedNotAcknowledged() throws Exception {
        CountDownLatch settled = new CountDownLatch(3);
        List<String> outcomes = new CopyOnWriteArrayList<>();
        AnswerLanes lanes = new AnswerLanes((environment, answers) -> {
            if (environment.equals("broken")) {
                throw new IllegalStateException("the database is away");
            }
        }, new AnswerLaneProperties(2, 100, 50), io.envsaga.bus.tracing.MessageTracing.none());
        try {
            for (String environment : List.of("broken", "fine", "broken")) {
                lanes.submit(new AnswerLanes.Answer(answer(environment, 1), settlement(
                        () -> { outcomes.add(environment + " acked"); settled.countDown(); },
                        () -> { outcomes.add(environment + " requeued"); settled.countDown(); })));
            }

            assertThat(settled.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(outcomes).containsExactlyInAnyOrder("broken requeued", "broken requeued", "fine acked");
        } finally {
            lanes.close();
        }
    }

    private static Event<?> answer(String environment, int n) {
        return Event.of(EventType.STEP_PROGRESS, "/test", environment, "s1", 1, Step.DNS, new Payloads.StepProgress(Step.DNS, "#" + n));
    }

    private static Settlement settlement(Runnable ack, Runnable requeue) {
        return new Settlement() {
            @Override
            public void ack() {
                ack.run();
            }

            @Override
            public void requeue() {
                requeue.run();
            }
        };
    }
}

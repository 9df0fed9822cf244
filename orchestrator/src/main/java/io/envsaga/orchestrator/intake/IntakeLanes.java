package io.envsaga.orchestrator.intake;

import com.rabbitmq.client.Channel;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import io.envsaga.orchestrator.messaging.Settlement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;

/**
 * Each submitter's share of the intake. The queue's consumer only sorts what the broker delivers
 * into one lane per broker user (the AMQP {@code user_id}, which the broker vouches for) and
 * refuses at once, without parsing it, a message
 * <ul>
 *   <li>over the document size limit ({@code envsaga.spec.max-document-bytes}),</li>
 *   <li>past its submitter's rate (a token bucket: {@code fairness.rate} a second, {@code fairness.burst} at once),</li>
 *   <li>or past its submitter's share of waiting submissions ({@code fairness.queue-share});</li>
 * </ul>
 * a refused message is acknowledged and kept by the audit (without its body when it is over the size
 * limit); it publishes nothing on the bus, and is answered on its reply-to (if the submitter's own)
 * at most once a second per submitter, so a flood is neither echoed nor slowed down by its answers.
 * One worker takes the lanes in turn, one submission of each lane with work, so a submission waits
 * behind at most one submission of every other submitter, whatever their backlogs; one submitter's
 * submissions keep their order. A submission is acknowledged once it has been handled (a crash
 * before that redelivers it; {@link IntakeListener} drops a redelivered message id).
 */
final class IntakeLanes implements ChannelAwareMessageListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IntakeLanes.class);
    private static final long ANSWER_EVERY_NANOS = 1_000_000_000L;

    /** Handles an admitted submission, or answers a refused one. */
    interface Handler {
        void submit(Message message);

        void refuse(Message message, String reason);
    }

    private record Delivery(Message message, Settlement settlement) {
    }

    private static final class Lane {
        final String user;
        final ArrayDeque<Delivery> waiting = new ArrayDeque<>();
        double tokens;
        long refilledAt;
        boolean ready;
        long refused;
        long answeredAt;

        Lane(String user, double tokens, long now) {
            this.user = user;
            this.tokens = tokens;
            this.refilledAt = now;
            this.answeredAt = now - ANSWER_EVERY_NANOS;
        }
    }

    private final Handler handler;
    private final IntakeProperties.Fairness fairness;
    private final int maxDocumentBytes;
    private final LongSupplier nanos;
    private final Map<String, Lane> lanes = new HashMap<>();
    private final ArrayDeque<Lane> turns = new ArrayDeque<>();
    private final Thread worker;
    private volatile boolean running = true;

    IntakeLanes(Handler handler, IntakeProperties.Fairness fairness, int maxDocumentBytes, LongSupplier nanos) {
        this.handler = handler;
        this.fairness = fairness;
        this.maxDocumentBytes = maxDocumentBytes;
        this.nanos = nanos;
        this.worker = new Thread(this::run, "intake");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void onMessage(Message message, Channel channel) {
        offer(message, Settlement.of(channel, message.getMessageProperties().getDeliveryTag()));
    }

    /** Admits the message to its submitter's lane, or refuses it at once. */
    void offer(Message message, Settlement settlement) {
        String user = message.getMessageProperties().getReceivedUserId();
        Refusal refusal = admit(user == null ? "" : user, message, settlement);
        if (refusal != null) {
            if (refusal.answer()) {
                try {
                    handler.refuse(message, refusal.reason());
                } catch (RuntimeException e) {
                    log.info("could not answer a refused submission of broker user '{}': {}", user, e.getMessage());
                }
            }
            settle(settlement, true);
        }
    }

    /** Why a message was refused, and whether to answer it (at most once a second per submitter: a flood is not echoed). */
    private record Refusal(String reason, boolean answer) {
    }

    /** Null when admitted, else why not. O(1): no parsing, no I/O. */
    private synchronized Refusal admit(String user, Message message, Settlement settlement) {
        Lane lane = lanes.computeIfAbsent(user, u -> new Lane(u, fairness.burst(), nanos.getAsLong()));
        int bytes = message.getBody() == null ? 0 : message.getBody().length;
        String reason = null;
        if (bytes > maxDocumentBytes) {
            reason = "the document has " + bytes + " bytes, more than the " + maxDocumentBytes + " allowed (envsaga.spec.max-document-bytes)";
        } else if (lane.waiting.size() >= fairness.queueShare()) {
            reason = "broker user '" + user + "' has " + lane.waiting.size() + " submissions waiting, the most allowed"
                    + " (envsaga.orchestrator.intake.fairness.queue-share); send it again later";
        } else if (!take(lane)) {
            reason = "broker user '" + user + "' submits faster than " + fairness.rate() + " a second (burst " + fairness.burst()
                    + ", envsaga.orchestrator.intake.fairness.*); send it again later";
        }
        if (reason != null) {
            if (lane.refused++ % 1000 == 0) {
                log.warn("submission of broker user '{}' refused ({} so far): {}", user, lane.refused, reason);
            }
            long now = nanos.getAsLong();
            String replyTo = message.getMessageProperties().getReplyTo();
            boolean answer = replyTo != null && !replyTo.isBlank() && now - lane.answeredAt >= ANSWER_EVERY_NANOS;
            if (answer) {
                lane.answeredAt = now;
            }
            return new Refusal(reason, answer);
        }
        lane.waiting.add(new Delivery(message, settlement));
        if (!lane.ready) {
            lane.ready = true;
            turns.add(lane);
            notifyAll();
        }
        return null;
    }

    private boolean take(Lane lane) {
        long now = nanos.getAsLong();
        lane.tokens = Math.min(fairness.burst(), lane.tokens + (now - lane.refilledAt) / 1e9 * fairness.rate());
        lane.refilledAt = now;
        if (lane.tokens < 1) {
            return false;
        }
        lane.tokens -= 1;
        return true;
    }

    /** The next submission in turn: one of the first lane with work, which goes to the back if it has more. */
    private synchronized Delivery next() throws InterruptedException {
        while (running && turns.isEmpty()) {
            wait(200);
        }
        Lane lane = turns.poll();
        if (lane == null) {
            return null;
        }
        Delivery delivery = lane.waiting.poll();
        if (lane.waiting.isEmpty()) {
            lane.ready = false;
        } else {
            turns.add(lane);
        }
        return delivery;
    }

    private void run() {
        while (running) {
            Delivery delivery;
            try {
                delivery = next();
            } catch (InterruptedException e) {
                return;
            }
            if (delivery == null) {
                continue;
            }
            try {
                handler.submit(delivery.message());
                settle(delivery.settlement(), true);
            } catch (RuntimeException e) {
                // a database away: back to the queue (its delivery limit sends it to the DLQ in the end)
                log.warn("submission of broker user '{}' not handled, back to the queue: {}",
                        delivery.message().getMessageProperties().getReceivedUserId(), e.getMessage());
                settle(delivery.settlement(), false);
            }
        }
    }

    /** Submissions waiting in the lane of this broker user now. */
    synchronized int waiting(String user) {
        Lane lane = lanes.get(user);
        return lane == null ? 0 : lane.waiting.size();
    }

    private static void settle(Settlement settlement, boolean done) {
        String failure = settlement.settle(done);
        if (failure != null) {
            log.info("could not settle an intake delivery (the broker delivers it again): {}", failure);
        }
    }

    /** Stops taking submissions; what waits unacknowledged the broker delivers again. */
    @Override
    public void close() {
        running = false;
        synchronized (this) {
            notifyAll();
        }
        try {
            worker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.envsaga.orchestrator.messaging;

import com.rabbitmq.client.Channel;
import io.envsaga.bus.tracing.MessageTracing;
import io.envsaga.contracts.events.ClusterRoute;
import io.envsaga.contracts.events.Event;
import io.envsaga.contracts.events.EventCodec;
import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.events.UnreadableEventException;
import io.envsaga.orchestrator.cluster.Clusters;
import io.envsaga.orchestrator.saga.SagaService;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The step services' answers into the saga, through {@link AnswerLanes} (concurrent across
 * environments, in order within one). Acknowledged when the transaction that applied it has
 * committed; an unreadable message goes to the DLQ at once; a database error puts it back. Only
 * the broker user configured for a step on the cluster the answer names ({@link StepSenders};
 * none named: {@code default}) can answer for it; anything else goes to the DLQ (and is in the
 * audit history with its user id). That the cluster named is the environment's, the saga checks
 * under the environment's lock ({@code SagaService#onStepEvents}).
 */
@Component
@EnableConfigurationProperties({StepSenders.class, AnswerLaneProperties.class})
public class StepEventsListener implements ChannelAwareMessageListener, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StepEventsListener.class);

    private final Map<String, Map<Step, String>> senders;
    private final AnswerLanes lanes;

    public StepEventsListener(SagaService saga, StepSenders senders, Clusters clusters, ConnectionFactory connectionFactory,
                              AnswerLaneProperties lanes, MessageTracing tracing) {
        this.senders = senders.resolve(connectionFactory.getUsername(), clusters.all(), clusters.defaultCluster());
        this.lanes = new AnswerLanes(saga::onStepEvents, lanes, tracing);
    }

    @Override
    public void onMessage(Message message, Channel channel) throws IOException {
        long tag = message.getMessageProperties().getDeliveryTag();
        Event<?> event;
        try {
            event = accepted(message);
        } catch (UnreadableEventException e) {
            channel.basicReject(tag, false); // the queue dead-letters it; the answers behind it go on
            return;
        }
        lanes.submit(new AnswerLanes.Answer(event, Settlement.of(channel, tag)));
    }

    /** The answer, if it is one and comes from its step's user; otherwise why not (for the DLQ). */
    private Event<?> accepted(Message message) {
        Event<?> event;
        try {
            event = EventCodec.fromMessage(message);
        } catch (UnreadableEventException e) {
            log.error("unreadable step event sent to the dead-letter queue: {}", e.getMessage());
            throw e;
        }
        if (event.step() == null) {
            log.error("{} without a step sent to the dead-letter queue", event.type());
            throw new UnreadableEventException(event.type() + " without a step");
        }
        String sender = message.getMessageProperties().getReceivedUserId();
        String cluster = ClusterRoute.orDefault(event.cluster());
        Map<Step, String> ofCluster = senders.get(cluster);
        String expected = ofCluster == null ? null : ofCluster.get(event.step());
        if (sender == null || !sender.equals(expected)) {
            // a forged answer: whoever can write to the events exchange must not be able to finish a saga
            log.warn("{} of {} from broker user '{}' refused: step {} of cluster '{}' answers only as '{}' (docs/clusters.md)",
                    event.routingKey(), event.describe(), sender, event.step().id(), cluster, expected);
            throw new UnreadableEventException("step answer from an unexpected broker user");
        }
        return event;
    }

    @Override
    public void destroy() {
        lanes.close();
    }
}

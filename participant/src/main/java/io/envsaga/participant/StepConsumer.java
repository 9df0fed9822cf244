package io.envsaga.participant;

import org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer;
import org.springframework.context.SmartLifecycle;

/**
 * Starts and stops a step's consumer in the one order that keeps generations in order across
 * replicas: on stop, first the runner (running attempts interrupted and awaited, nothing more
 * applied or settled), then the listener container (consumer cancelled, channel closed, the
 * unacknowledged commands back to the queue for the standby). Spring's own lifecycle order
 * would stop the container first, since it depends on the runner.
 */
final class StepConsumer implements SmartLifecycle {

    private final AbstractMessageListenerContainer container;
    private final StepRunner runner;
    private volatile boolean running;

    StepConsumer(AbstractMessageListenerContainer container, StepRunner runner) {
        this.container = container;
        this.runner = runner;
    }

    @Override
    public void start() {
        container.start();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        runner.shutDown();
        container.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}

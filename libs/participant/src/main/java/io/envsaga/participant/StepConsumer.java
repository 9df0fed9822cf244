package io.envsaga.participant;

import org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer;
import org.springframework.context.SmartLifecycle;

/**
 * A step's consumer, started and stopped in the one order that keeps generations in order across
 * replicas: on stop, first the runner (running attempts interrupted and awaited, nothing more
 * applied or settled), then the listener container (consumer cancelled, channel closed, the
 * unacknowledged commands back to the queue for the standby). Spring's own lifecycle order would
 * stop the container first, since it depends on the runner.
 *
 * <p>A service that must consume only under a condition (dns-service: only while it holds the
 * executor lease) turns auto-startup off and starts and stops this bean itself; it can be started
 * again after a stop.
 */
public final class StepConsumer implements SmartLifecycle {

    /** The bean name, for services that drive the consumer themselves. */
    public static final String BEAN_NAME = "stepConsumer";

    private final AbstractMessageListenerContainer container;
    private final StepRunner runner;
    private volatile boolean running;
    private volatile boolean autoStartup = true;

    StepConsumer(AbstractMessageListenerContainer container, StepRunner runner) {
        this.container = container;
        this.runner = runner;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        runner.resume();
        container.start();
        running = true;
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        runner.shutDown();
        container.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public boolean isAutoStartup() {
        return autoStartup;
    }

    public void setAutoStartup(boolean autoStartup) {
        this.autoStartup = autoStartup;
    }

    /** Whether the broker's consumer is registered (it may still be the standby of the queue). */
    public boolean isConsuming() {
        return container.isRunning();
    }
}

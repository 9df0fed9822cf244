package io.envsaga.orchestrator.saga;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Checks step deadlines: the time input of the saga. */
@Component
public class DeadlineSweep {

    private static final Logger log = LoggerFactory.getLogger(DeadlineSweep.class);

    private final SagaService saga;

    public DeadlineSweep(SagaService saga) {
        this.saga = saga;
    }

    @Scheduled(fixedDelayString = "${envsaga.orchestrator.deadlines.sweep:1s}")
    public void sweep() {
        for (String name : saga.dueForTick()) {
            try {
                saga.tick(name);
            } catch (RuntimeException e) {
                log.warn("deadline check of {} failed, next sweep tries again: {}", name, e.getMessage());
            }
        }
    }
}

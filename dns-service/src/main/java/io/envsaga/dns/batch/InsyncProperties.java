package io.envsaga.dns.batch;

import io.envsaga.participant.Backoff;
import java.time.Duration;

/**
 * {@code envsaga.dns.insync.*}: how an accepted change is watched until the provider reports it INSYNC.
 *
 * @param firstPoll       the first GetChange, after the change was accepted
 * @param maxPollInterval the cap of the growing interval between GetChange calls
 * @param timeout         a change not INSYNC by then fails the step (retryably)
 */
public record InsyncProperties(Duration firstPoll, Duration maxPollInterval, Duration timeout) {

    public InsyncProperties {
        firstPoll = firstPoll == null ? Duration.ofSeconds(5) : firstPoll;
        maxPollInterval = maxPollInterval == null ? Duration.ofSeconds(30) : maxPollInterval;
        timeout = timeout == null ? Duration.ofMinutes(10) : timeout;
    }

    public Backoff backoff() {
        return new Backoff(firstPoll, maxPollInterval.compareTo(firstPoll) < 0 ? firstPoll : maxPollInterval, 2.0);
    }
}

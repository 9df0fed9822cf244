package io.envsaga.participant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 2.0);

    @Test
    void growsExponentiallyBetweenHalfAndAllOfTheStep() {
        assertThat(backoff.delay(1, 0.0)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.delay(1, 0.999)).isBetween(Duration.ofMillis(990), Duration.ofMillis(1000));
        assertThat(backoff.delay(2, 0.0)).isEqualTo(Duration.ofMillis(1000));
        assertThat(backoff.delay(4, 0.0)).isEqualTo(Duration.ofMillis(4000));
    }

    @Test
    void isCappedAtTheMaximum() {
        assertThat(backoff.delay(30, 0.999)).isLessThanOrEqualTo(Duration.ofSeconds(60));
        assertThat(backoff.delay(30, 0.0)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void jitterSpreadsRetriesThatFailedTogether() {
        assertThat(backoff.delay(3, 0.1)).isNotEqualTo(backoff.delay(3, 0.9));
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1), 2.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5), 0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}

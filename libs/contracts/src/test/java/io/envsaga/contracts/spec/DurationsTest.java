package io.envsaga.contracts.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void theSpecsDurationsReadAndWriteBack() {
        assertThat(Durations.parse("28d")).isEqualTo(Duration.ofDays(28));
        assertThat(Durations.parse("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(Durations.parse("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Durations.parse("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Durations.parse("999999d")).isEqualTo(Duration.ofDays(999_999));
        assertThat(Durations.format(Duration.ofDays(28))).isEqualTo("28d");
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Durations.format(Duration.ofSeconds(2))).isEqualTo("2s");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }

    @Test
    void anythingElseIsNoDuration() {
        for (String text : new String[] {null, "", "0s", "-1d", "28", "4w", "P28D", "1d12h", " 2s", "2 s", "1000000d", "02s"}) {
            assertThat(Durations.parse(text)).as(text).isNull();
        }
    }

    @Test
    void aValidExpiryIsReadWithItsDurations() {
        String yaml = """
                apiVersion: envsaga.io/v1
                kind: Environment
                metadata: { name: codedang-pr-1 }
                spec:
                  tier: preview
                  expiry: { ttl: 7d, idleAfter: 2s }
                """;
        ExpirySpec expiry = new EnvironmentValidator().validate(yaml).orThrow().spec().expiry();
        assertThat(expiry.ttlDuration()).isEqualTo(Duration.ofDays(7));
        assertThat(expiry.idleAfterDuration()).isEqualTo(Duration.ofSeconds(2));
    }
}

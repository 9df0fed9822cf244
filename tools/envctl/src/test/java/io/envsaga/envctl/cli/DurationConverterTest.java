package io.envsaga.envctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DurationConverterTest {

    final DurationConverter converter = new DurationConverter();

    @Test
    void shortAndIsoForms() {
        assertThat(converter.convert("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(converter.convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(converter.convert("PT2M")).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void nonsenseAndNothingAreRefused() {
        assertThatThrownBy(() -> converter.convert("soon")).isInstanceOf(CommandLine.TypeConversionException.class);
        assertThatThrownBy(() -> converter.convert("0s")).hasMessageContaining("not a positive duration");
        assertThatThrownBy(() -> converter.convert("99999999999h")).isInstanceOf(CommandLine.TypeConversionException.class);
    }
}

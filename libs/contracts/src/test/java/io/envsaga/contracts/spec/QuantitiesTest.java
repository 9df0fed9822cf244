package io.envsaga.contracts.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class QuantitiesTest {

    @Test
    void binaryAndDecimalSuffixesGiveBaseUnits() {
        assertThat(Quantities.value("256Mi")).isEqualByComparingTo("268435456");
        assertThat(Quantities.value("1Gi")).isEqualByComparingTo("1073741824");
        assertThat(Quantities.value("1.5Gi")).isEqualByComparingTo("1610612736");
        assertThat(Quantities.value("500M")).isEqualByComparingTo("500000000");
        assertThat(Quantities.value("250m")).isEqualByComparingTo(new BigDecimal("0.25"));
        assertThat(Quantities.value("2")).isEqualByComparingTo("2");
    }

    @Test
    void somethingElseIsNotAQuantity() {
        assertThat(Quantities.valid("lots")).isFalse();
        assertThat(Quantities.valid(null)).isFalse();
        assertThatThrownBy(() -> Quantities.value("1 Gi")).hasMessageContaining("not a quantity");
    }
}

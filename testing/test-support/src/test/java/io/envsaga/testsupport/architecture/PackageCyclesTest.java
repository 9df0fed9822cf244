package io.envsaga.testsupport.architecture;

import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envsaga.testsupport.architecture.acyclic.Acyclic;
import io.envsaga.testsupport.architecture.cyclic.Cyclic;
import io.envsaga.testsupport.architecture.throughbase.ThroughBase;
import org.junit.jupiter.api.Test;

class PackageCyclesTest {

    @Test
    void twoPackagesThatDependOnEachOtherFail() {
        assertThatThrownBy(() -> PackageCycles.assertNone(Cyclic.class)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("cyclic.one").hasMessageContaining("cyclic.two");
    }

    @Test
    void aCycleThroughTheBasePackageFails() {
        assertThatThrownBy(() -> PackageCycles.assertNone(ThroughBase.class)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("throughbase.one");
    }

    @Test
    void packagesWithoutACyclePass() {
        assertThatNoException().isThrownBy(() -> PackageCycles.assertNone(Acyclic.class));
    }
}

package io.envsaga.envctl;

import io.envsaga.testsupport.architecture.PackageCycles;
import org.junit.jupiter.api.Test;

class PackageCyclesTest {

    @Test
    void thePackagesFormNoCycle() {
        PackageCycles.assertNone(Envctl.class);
    }
}

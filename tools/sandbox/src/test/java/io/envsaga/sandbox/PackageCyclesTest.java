package io.envsaga.sandbox;

import io.envsaga.testsupport.architecture.PackageCycles;
import org.junit.jupiter.api.Test;

class PackageCyclesTest {

    @Test
    void thePackagesFormNoCycle() {
        PackageCycles.assertNone(Sandbox.class);
    }
}

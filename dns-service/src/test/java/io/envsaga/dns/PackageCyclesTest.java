package io.envsaga.dns;

import io.envsaga.testsupport.architecture.PackageCycles;
import org.junit.jupiter.api.Test;

/** dns, batch, route53, provider, plan, nodes: layered, none reaching back (docs/dns-service.md, "Code"). */
class PackageCyclesTest {

    @Test
    void mainPackagesFormNoCycle() {
        PackageCycles.assertNone(DnsServiceApplication.class);
    }
}

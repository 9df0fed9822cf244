package io.envsaga.dns;

import io.envsaga.testsupport.apps.ExecutableJarCheck;
import io.envsaga.simulation.route53.Route53Stub;
import java.util.List;
import org.junit.jupiter.api.AutoClose;

/** {@code java -jar target/envsaga-dns-service.jar} starts and reports healthy. */
class ExecutableJarIT extends ExecutableJarCheck {

    @AutoClose
    static final Route53Stub route53 = new Route53Stub().start();

    /** dns-service needs its zone allowlist and node IPs; Route53 is the stub. */
    @Override
    protected List<String> extraArguments() {
        route53.createHostedZone("codedang.com");
        return List.of("--envsaga.dns.zones=codedang.com", "--envsaga.dns.nodes.addresses=203.0.113.10",
                "--envsaga.dns.route53.endpoint=" + route53.endpoint());
    }
}

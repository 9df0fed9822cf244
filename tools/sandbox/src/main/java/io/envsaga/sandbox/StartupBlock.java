package io.envsaga.sandbox;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.EnvironmentValidator;
import io.envsaga.contracts.spec.ValidationResult;
import io.envsaga.sandbox.cluster.SandboxCluster;
import io.envsaga.sandbox.servers.Server;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The short block printed once everything runs: where the API, the servers and each environment's parts are. */
final class StartupBlock {

    private StartupBlock() {
    }

    static void print(Sandbox sandbox, PrintStream out, long startMillis) {
        Path dir = sandbox.options().directory();
        out.printf("envsaga sandbox: running (started in %.1f s); Ctrl-C stops everything%n", startMillis / 1000.0);
        out.println("  API         " + sandbox.apiUrl() + "   token in " + dir.resolve("token"));
        out.println("              curl -H \"Authorization: Bearer $(cat " + dir.resolve("token") + ")\" " + sandbox.apiUrl()
                + "/api/v1/environments");
        out.println("  web page    " + sandbox.apiUrl() + "/   (sign in with the token)");
        out.println("  broker      " + sandbox.servers().broker().description() + ", bus prefix " + sandbox.options().busPrefix()
                + " (" + dir.resolve("amqp-uri") + ")");
        out.println("  messaging   " + sandbox.environmentBroker().description());
        out.println("  PostgreSQL  " + sandbox.servers().postgres().description() + ", saga store in database "
                + sandbox.options().database());
        out.println("  Redis       " + sandbox.servers().redis().description());
        for (SandboxCluster cluster : sandbox.clusters()) {
            out.printf("  Kubernetes  %-10s %s   kubectl --kubeconfig %s --context %s get deploy,svc,ingress -A%n", cluster.name(),
                    cluster.api().url(), dir.resolve("kubeconfig"), cluster.name());
            out.printf("              %-10s nodes %s, steps %s%s%n", "", cluster.nodeAddress(),
                    cluster.steps().stream().map(io.envsaga.contracts.events.Step::id).sorted().toList(),
                    cluster == sandbox.clusters().get(0) ? " (the default cluster: specs without spec.cluster)" : "");
        }
        sandbox.hostedZones().forEach((zone, id) -> out.println("  Route53     zone " + zone + ": curl " + sandbox.route53().endpoint()
                + "/2013-04-01/hostedzone/" + id + "/rrset"));
        out.println("  log         " + dir.resolve("sandbox.log"));
        for (Path file : sandbox.options().apply()) {
            environment(file, sandbox, out);
        }
    }

    private static void environment(Path file, Sandbox sandbox, PrintStream out) {
        ValidationResult result;
        try {
            result = new EnvironmentValidator().validate(Files.readAllBytes(file));
        } catch (IOException e) {
            return;
        }
        Environment env = result.environment();
        if (env == null) {
            return;
        }
        var spec = env.spec();
        String cluster = spec.cluster() != null ? spec.cluster() : sandbox.clusters().get(0).name();
        out.println("  " + env.name() + " (" + file + ") on cluster " + cluster + ", once Ready:");
        if (spec.messaging() != null) {
            out.println("    RabbitMQ  vhost " + spec.messaging().vhost() + " of its own cluster on " + address(sandbox.environmentBroker().server())
                    + " (behind the simulated operator's proxy), users " + spec.messaging().users().stream().map(u -> u.name()).toList());
        }
        if (spec.cache() != null) {
            out.println("    Redis     a redis-server of its own");
        }
        if (spec.storage() != null && spec.storage().postgres() != null) {
            out.println("    Postgres  databases " + spec.storage().postgres().databases() + " on " + address(sandbox.servers().postgres()));
        }
        if (spec.storage() != null && spec.storage().minio() != null) {
            out.println("    MinIO     buckets " + spec.storage().minio().buckets());
        }
        if (spec.dns() != null) {
            out.println("    DNS       " + spec.dns().hosts() + " in the Route53 stub");
        }
        out.println("    (the address of each, and the Secret of each credential, follow its READY line)");
    }

    private static String address(Server server) {
        return server.host() + ":" + server.port();
    }
}

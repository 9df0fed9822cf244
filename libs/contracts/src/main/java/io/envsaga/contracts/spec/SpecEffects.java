package io.envsaga.contracts.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a spec makes and keeps in the world, as the step services render it, and so what a new
 * generation would delete or stop keeping: everything the old spec's effects have and the new
 * one's do not. One pure function over two specs, used by the orchestrator to require the
 * {@code delete} right (docs/security.md, "Removing is deleting").
 *
 * <p>An effect is identified by where it lives, not by the name in the spec: a workload's
 * Deployment by namespace and name, a queue by namespace, vhost and name (a renamed vhost is a
 * new one, and the old one is pruned with every queue and message in it), a DNS record by zone and
 * host and only while dns-service writes it ({@code records: false} deletes it), a Service by its
 * workload's port, an ingress object by its kind, retained data by {@code retainOnDelete}. The
 * keys follow the renderers: dns-service's {@code Planner}, workload-service's
 * {@code WorkloadObjects}, messaging-service's {@code MessagingObjects}/{@code Topology},
 * cache-service's {@code CacheObjects} and storage-service's {@code StorageObjects}/{@code StorageStep}.
 *
 * <p>Not effects, on purpose: settings changed in place (an image, replicas, a TTL, a route's
 * path, a user's permissions, the cache's memory or auth: a cache keeps no data envsaga keeps, and
 * its password Secret is created once and never pruned), and anything only added.
 */
public final class SpecEffects {

    private SpecEffects() {
    }

    /**
     * What {@code after} would delete or stop keeping of what {@code before} made, described for a
     * person ("workload 'api'", "queue 'jobs' in vhost '/' and its messages"), in the order of the
     * old spec; empty when nothing is lost.
     */
    public static List<String> lost(Environment before, Environment after) {
        Map<String, String> now = of(after);
        List<String> lost = new ArrayList<>();
        of(before).forEach((key, description) -> {
            if (!now.containsKey(key)) {
                lost.add(description);
            }
        });
        return lost;
    }

    /** Every effect of a spec: a key that says where it lives, and its description. */
    static Map<String, String> of(Environment environment) {
        Map<String, String> effects = new LinkedHashMap<>();
        EnvironmentSpec spec = environment.spec();
        String ns = environment.namespace() + "/";
        effects.put("namespace:" + environment.namespace(), "namespace '" + environment.namespace() + "'");
        for (Workload workload : spec.workloads()) {
            effects.put("deployment:" + ns + workload.name(), "workload '" + workload.name() + "'");
            if (workload.port() != null) {
                effects.put("service:" + ns + workload.name() + ":" + workload.port(),
                        "port " + workload.port() + " of workload '" + workload.name() + "' (its Service)");
            }
        }
        dns(effects, spec.dns());
        ingress(effects, environment, ns);
        messaging(effects, spec.messaging(), ns);
        if (spec.cache() != null) {
            effects.put("redis:" + ns, "the cache (spec.cache)");
        }
        storage(effects, spec.storage(), ns);
        return effects;
    }

    private static void dns(Map<String, String> effects, DnsSpec dns) {
        if (dns == null) {
            return;
        }
        for (String host : dns.hosts()) {
            effects.put("host:" + host, "host '" + host + "'");
            if (dns.writesRecords()) {
                effects.put("record:" + dns.zone() + "/" + host, "the DNS record of '" + host + "' in zone '" + dns.zone() + "'");
            }
        }
    }

    private static void ingress(Map<String, String> effects, Environment environment, String ns) {
        IngressSpec ingress = environment.spec().ingress();
        if (ingress == null) {
            return;
        }
        effects.put("ingress:" + ns + ingress.kind() + "/" + environment.name(),
                "the ingress (" + ingress.kind() + " '" + environment.name() + "' for host '" + ingress.host() + "')");
        // an HTTPRoute's TLS is the Gateway's; an Ingress's certificate is cert-manager's, an IngressRoute's a Certificate of its own
        if (ingress.tls() != null && ingress.kind() != IngressKind.HTTPRoute) {
            effects.put("tls:" + ns + ingress.kind() + "/" + ingress.host(), "the TLS certificate of '" + ingress.host() + "' (spec.ingress.tls)");
        }
    }

    private static void messaging(Map<String, String> effects, MessagingSpec messaging, String ns) {
        if (messaging == null) {
            return;
        }
        effects.put("rabbitmq:" + ns, "the RabbitMQ cluster (spec.messaging)");
        String vhost = messaging.vhost();
        String in = " in vhost '" + vhost + "'";
        if (!"/".equals(vhost)) {
            effects.put("vhost:" + ns + vhost, "vhost '" + vhost + "' (and every queue and message in it)");
        }
        for (MessagingSpec.Exchange exchange : messaging.exchanges()) {
            effects.put("exchange:" + ns + vhost + "/" + exchange.name(), "exchange '" + exchange.name() + "'" + in);
        }
        for (MessagingSpec.Queue queue : messaging.queues()) {
            effects.put("queue:" + ns + vhost + "/" + queue.name(), "queue '" + queue.name() + "'" + in + " and its messages");
        }
        for (MessagingSpec.Binding binding : messaging.bindings()) {
            effects.put("binding:" + ns + vhost + "/" + MessagingNames.binding(binding.exchange(), binding.queue(), binding.routingKey()),
                    "the binding of queue '" + binding.queue() + "' to exchange '" + binding.exchange() + "'"
                            + (binding.routingKey().isEmpty() ? "" : " (routing key '" + binding.routingKey() + "')") + in);
        }
        for (MessagingSpec.User user : messaging.users()) {
            effects.put("user:" + ns + user.name(), "messaging user '" + user.name() + "'");
        }
    }

    private static void storage(Map<String, String> effects, StorageSpec storage, String ns) {
        if (storage == null) {
            return;
        }
        StorageSpec.Postgres postgres = storage.postgres();
        if (postgres != null) {
            effects.put("postgres:" + ns, "the PostgreSQL server (spec.storage.postgres)");
            postgres.databases().forEach(d -> effects.put("database:" + ns + d, "database '" + d + "'"));
            if (postgres.retainOnDelete()) {
                effects.put("retained:" + ns + "postgres", "PostgreSQL's volume and credentials kept on delete "
                        + "(spec.storage.postgres.retainOnDelete)");
            }
        }
        StorageSpec.Minio minio = storage.minio();
        if (minio != null) {
            effects.put("minio:" + ns, "the MinIO tenant (spec.storage.minio)");
            minio.buckets().forEach(b -> effects.put("bucket:" + ns + b, "bucket '" + b + "'"));
            if (minio.retainOnDelete()) {
                effects.put("retained:" + ns + "minio", "MinIO's volume and credentials kept on delete (spec.storage.minio.retainOnDelete)");
            }
        }
    }
}

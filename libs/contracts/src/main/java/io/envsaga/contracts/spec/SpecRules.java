package io.envsaga.contracts.spec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The rules that span fields, which annotations cannot say. */
final class SpecRules {

    /** Queue arguments only classic queues take (RabbitMQ's quorum and stream queues refuse them at declaration). */
    private static final Set<String> CLASSIC_ONLY_ARGUMENTS = Set.of("x-max-priority", "x-queue-mode", "x-queue-master-locator");
    /** Namespaces that belong to the cluster itself; an environment must never own them. */
    private static final Set<String> SYSTEM_NAMESPACES = Set.of("default", "kube-system", "kube-public", "kube-node-lease");

    private static final BigDecimal MIN_CACHE_MEMORY = Quantities.value("1Mi");

    private final SpecLimits limits;
    private final List<Violation> violations = new ArrayList<>();

    SpecRules(SpecLimits limits) {
        this.limits = limits;
    }

    List<Violation> check(EnvironmentSpec spec) {
        if (spec.namespace() != null && SYSTEM_NAMESPACES.contains(spec.namespace())) {
            add("spec.namespace", "'" + spec.namespace() + "' is a system namespace");
        }
        if (spec.tier() == Tier.PRODUCTION && spec.storage() != null) {
            add("spec.storage", "not allowed in a production spec: production uses storage outside the cluster");
        }
        if (spec.tier() == Tier.PRODUCTION && spec.expiry() != null) {
            add("spec.expiry", "not allowed in a production spec: production never expires (stage and preview may)");
        }
        Map<String, Workload> workloads = checkWorkloads(spec);
        if (spec.dns() != null) {
            checkDns(spec.dns());
        }
        if (spec.ingress() != null) {
            checkIngress(spec.ingress(), spec.dns(), workloads);
        }
        if (spec.messaging() != null) {
            checkMessaging(spec.messaging());
        }
        if (spec.tier() != null) {
            violations.addAll(BoundsRules.check(spec, limits.caps(spec.tier())));
        }
        violations.addAll(RenderRules.check(spec));
        if (spec.cache() != null) {
            checkCache(spec.cache());
        }
        if (spec.storage() != null) {
            checkStorage(spec.storage());
        }
        return violations;
    }

    private Map<String, Workload> checkWorkloads(EnvironmentSpec spec) {
        Map<String, Workload> byName = new HashMap<>();
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < spec.workloads().size(); i++) {
            Workload workload = spec.workloads().get(i);
            if (workload == null) {
                continue;
            }
            String at = "spec.workloads[" + i + "]";
            if (workload.name() != null) {
                Integer first = firstIndex.putIfAbsent(workload.name(), i);
                if (first != null) {
                    add(at + ".name", "duplicate workload name '" + workload.name() + "' (also spec.workloads[" + first + "])");
                } else {
                    byName.put(workload.name(), workload);
                }
            }
            if (workload.replicas() > limits.maxReplicas()) {
                add(at + ".replicas", "must be at most " + limits.maxReplicas() + " (the configured cap)");
            }
            for (int j = 0; j < workload.uses().size(); j++) {
                Dependency dependency = workload.uses().get(j);
                String missing = missingProvider(dependency, spec);
                if (missing != null) {
                    add(at + ".uses[" + j + "]", "uses " + dependency.name().toLowerCase() + " but the spec has no " + missing);
                }
            }
        }
        return byName;
    }

    private static String missingProvider(Dependency dependency, EnvironmentSpec spec) {
        if (dependency == null) {
            return null;
        }
        return switch (dependency) {
            case RABBITMQ -> spec.messaging() == null ? "spec.messaging" : null;
            case REDIS -> spec.cache() == null ? "spec.cache" : null;
            case POSTGRES -> spec.storage() == null || spec.storage().postgres() == null ? "spec.storage.postgres" : null;
            case MINIO -> spec.storage() == null || spec.storage().minio() == null ? "spec.storage.minio" : null;
        };
    }

    private void checkDns(DnsSpec dns) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < dns.hosts().size(); i++) {
            String host = dns.hosts().get(i);
            if (host == null || dns.zone() == null) {
                continue;
            }
            String at = "spec.dns.hosts[" + i + "]";
            if (!host.equals(dns.zone()) && !host.endsWith("." + dns.zone())) {
                add(at, "'" + host + "' is outside the zone " + dns.zone());
            }
            if (!seen.add(host)) {
                add(at, "duplicate host '" + host + "'");
            }
        }
    }

    private void checkIngress(IngressSpec ingress, DnsSpec dns, Map<String, Workload> workloads) {
        // an environment serves only hosts it claims, so that the claim registry sees every host it serves
        if (ingress.host() != null && (dns == null || !dns.hosts().contains(ingress.host()))) {
            add("spec.ingress.host", "'" + ingress.host() + "' is not one of spec.dns.hosts: an environment serves only the hosts it"
                    + " claims (spec.dns with records: false claims a host whose DNS is kept elsewhere)");
        }
        Set<String> paths = new HashSet<>();
        for (int i = 0; i < ingress.routes().size(); i++) {
            IngressSpec.Route route = ingress.routes().get(i);
            if (route == null) {
                continue;
            }
            String at = "spec.ingress.routes[" + i + "]";
            if (route.path() != null && !paths.add(route.path())) {
                add(at + ".path", "duplicate route path '" + route.path() + "'");
            }
            if (route.workload() == null) {
                continue;
            }
            Workload target = workloads.get(route.workload());
            if (target == null) {
                add(at + ".workload", "no workload named '" + route.workload() + "' in spec.workloads");
            } else if (target.port() == null) {
                add(at + ".workload", "workload '" + route.workload() + "' has no port to route to");
            }
        }
    }

    private void checkMessaging(MessagingSpec messaging) {
        Set<String> exchanges = uniqueNames(messaging.exchanges(), MessagingSpec.Exchange::name, "spec.messaging.exchanges", "exchange");
        Set<String> queues = uniqueNames(messaging.queues(), MessagingSpec.Queue::name, "spec.messaging.queues", "queue");
        uniqueNames(messaging.users(), MessagingSpec.User::name, "spec.messaging.users", "user");
        for (int i = 0; i < messaging.users().size(); i++) {
            MessagingSpec.User user = messaging.users().get(i);
            if (user != null && user.name() != null && !user.name().matches(Patterns.RFC1123_LABEL)) {
                add("spec.messaging.users[" + i + "].name", "must be a lowercase DNS label: a user is named like the workload that connects as it");
            }
        }
        for (int i = 0; i < messaging.exchanges().size(); i++) {
            MessagingSpec.Exchange exchange = messaging.exchanges().get(i);
            if (exchange != null && exchange.name() != null) {
                fits("spec.messaging.exchanges[" + i + "].name", MessagingNames.exchange(exchange.name()));
            }
        }
        for (int i = 0; i < messaging.queues().size(); i++) {
            MessagingSpec.Queue queue = messaging.queues().get(i);
            if (queue == null) {
                continue;
            }
            int index = i;
            if (queue.name() != null) {
                fits("spec.messaging.queues[" + i + "].name", MessagingNames.queue(queue.name()));
            }
            for (String argument : queue.arguments().keySet()) {
                if (queue.type() != MessagingSpec.QueueType.CLASSIC && CLASSIC_ONLY_ARGUMENTS.contains(argument)) {
                    add("spec.messaging.queues[" + i + "].arguments." + argument, "not supported by " + queue.type().name().toLowerCase()
                            + " queues (RabbitMQ refuses the declaration): use type: classic");
                }
            }
            queue.arguments().forEach((key, value) -> {
                if (value instanceof Map || value instanceof List) {
                    add("spec.messaging.queues[" + index + "].arguments." + key, "must be a string, number or boolean");
                }
            });
        }
        Set<String> bindings = new HashSet<>();
        for (int i = 0; i < messaging.bindings().size(); i++) {
            MessagingSpec.Binding binding = messaging.bindings().get(i);
            if (binding == null) {
                continue;
            }
            String at = "spec.messaging.bindings[" + i + "]";
            if (binding.exchange() != null && binding.queue() != null) {
                String object = MessagingNames.binding(binding.exchange(), binding.queue(), binding.routingKey());
                if (!bindings.add(object)) {
                    add(at, "duplicate binding of exchange '" + binding.exchange() + "' to queue '" + binding.queue() + "' with routing key '"
                            + binding.routingKey() + "'");
                }
                fits(at, object);
            }
            if (binding.exchange() != null && !exchanges.contains(binding.exchange())) {
                add(at + ".exchange", "no exchange named '" + binding.exchange() + "' in spec.messaging.exchanges");
            }
            if (binding.queue() != null && !queues.contains(binding.queue())) {
                add(at + ".queue", "no queue named '" + binding.queue() + "' in spec.messaging.queues");
            }
        }
    }

    /** The Kubernetes object a RabbitMQ name maps to must fit Kubernetes' limit. */
    private void fits(String path, String objectName) {
        if (objectName.length() > MessagingNames.MAX_LENGTH) {
            add(path, "maps to a Kubernetes object name of " + objectName.length() + " characters (at most " + MessagingNames.MAX_LENGTH
                    + "; see docs/messaging-service.md): shorten it");
        }
    }

    /** Redis must fit its maxmemory into the container, or it is killed before it evicts anything. */
    private void checkCache(CacheSpec cache) {
        if (!Quantities.valid(cache.memory())) {
            return; // reported by the field's pattern
        }
        BigDecimal memory = Quantities.value(cache.memory());
        if (memory.compareTo(MIN_CACHE_MEMORY) < 0) {
            add("spec.cache.memory", "must be at least 1Mi (Redis' smallest useful maxmemory)");
            return;
        }
        Workload.Resources resources = cache.resources();
        Workload.Quantities limits = resources == null ? null : resources.limits();
        Workload.Quantities requests = resources == null ? null : resources.requests();
        if (limits != null && Quantities.valid(limits.memory()) && Quantities.value(limits.memory()).compareTo(memory) <= 0) {
            add("spec.cache.resources.limits.memory", limits.memory() + " leaves no room above spec.cache.memory " + cache.memory()
                    + " (Redis' maxmemory): the container would be killed before Redis evicts");
        }
        if (limits != null && requests != null) {
            checkRequestWithinLimit(requests.memory(), limits.memory(), "spec.cache.resources.requests.memory");
            checkRequestWithinLimit(requests.cpu(), limits.cpu(), "spec.cache.resources.requests.cpu");
        }
    }

    private void checkRequestWithinLimit(String request, String limit, String path) {
        if (Quantities.valid(request) && Quantities.valid(limit) && Quantities.value(request).compareTo(Quantities.value(limit)) > 0) {
            add(path, request + " is above its limit " + limit);
        }
    }

    /** Names PostgreSQL keeps for itself: its own databases, and roles starting with pg_ (each database gets a role of its name). */
    private static final Set<String> RESERVED_DATABASES = Set.of("postgres", "template0", "template1");

    private void checkStorage(StorageSpec storage) {
        if (storage.postgres() != null) {
            List<String> databases = storage.postgres().databases();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < databases.size(); i++) {
                String database = databases.get(i);
                if (database == null) {
                    continue;
                }
                String at = "spec.storage.postgres.databases[" + i + "]";
                if (!seen.add(database)) {
                    add(at, "duplicate database '" + database + "'");
                } else if (RESERVED_DATABASES.contains(database) || database.startsWith("pg_")) {
                    add(at, "'" + database + "' is reserved by PostgreSQL (postgres, template0, template1 and names starting with pg_)");
                }
            }
        }
        if (storage.minio() != null) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < storage.minio().buckets().size(); i++) {
                String bucket = storage.minio().buckets().get(i);
                if (bucket != null && !seen.add(bucket)) {
                    add("spec.storage.minio.buckets[" + i + "]", "duplicate bucket '" + bucket + "'");
                }
            }
        }
    }

    private <T> Set<String> uniqueNames(List<T> items, Function<T, String> name, String listPath, String what) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            T item = items.get(i);
            if (item == null || name.apply(item) == null) {
                continue;
            }
            if (!names.add(name.apply(item))) {
                add(listPath + "[" + i + "].name", "duplicate " + what + " name '" + name.apply(item) + "'");
            }
        }
        return names;
    }

    private void add(String path, String message) {
        violations.add(new Violation(path, message));
    }
}

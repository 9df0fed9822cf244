package io.envsaga.orchestrator.tenancy;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.EnvironmentSpec;
import io.envsaga.contracts.spec.MessagingSpec;
import io.envsaga.contracts.spec.StorageSpec;
import io.envsaga.contracts.spec.Workload;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a new spec would remove from the environment's current one: sections, workloads, hosts,
 * exchanges, queues, users, databases, buckets, the namespace. Removing is deleting, so a
 * submission that removes anything needs the {@code delete} right.
 */
final class Removals {

    private Removals() {
    }

    static List<String> between(Environment before, Environment after) {
        List<String> removed = new ArrayList<>();
        EnvironmentSpec old = before.spec();
        EnvironmentSpec now = after.spec();
        if (!before.namespace().equals(after.namespace())) {
            removed.add("namespace '" + before.namespace() + "'");
        }
        names(removed, "workload", old.workloads(), now.workloads(), Workload::name);
        section(removed, "spec.dns", old.dns(), now.dns());
        if (old.dns() != null) {
            gone(removed, "host", old.dns().hosts(), now.dns() == null ? List.of() : now.dns().hosts());
        }
        section(removed, "spec.ingress", old.ingress(), now.ingress());
        section(removed, "spec.messaging", old.messaging(), now.messaging());
        if (old.messaging() != null && now.messaging() != null) {
            names(removed, "exchange", old.messaging().exchanges(), now.messaging().exchanges(), MessagingSpec.Exchange::name);
            names(removed, "queue", old.messaging().queues(), now.messaging().queues(), MessagingSpec.Queue::name);
            names(removed, "messaging user", old.messaging().users(), now.messaging().users(), MessagingSpec.User::name);
        }
        section(removed, "spec.cache", old.cache(), now.cache());
        section(removed, "spec.storage", old.storage(), now.storage());
        if (old.storage() != null && now.storage() != null) {
            storage(removed, old.storage(), now.storage());
        }
        return removed;
    }

    private static void storage(List<String> removed, StorageSpec old, StorageSpec now) {
        section(removed, "spec.storage.postgres", old.postgres(), now.postgres());
        if (old.postgres() != null && now.postgres() != null) {
            gone(removed, "database", old.postgres().databases(), now.postgres().databases());
        }
        section(removed, "spec.storage.minio", old.minio(), now.minio());
        if (old.minio() != null && now.minio() != null) {
            gone(removed, "bucket", old.minio().buckets(), now.minio().buckets());
        }
    }

    private static void section(List<String> removed, String path, Object before, Object after) {
        if (before != null && after == null) {
            removed.add(path);
        }
    }

    private static <T> void names(List<String> removed, String what, List<T> before, List<T> after, Function<T, String> name) {
        gone(removed, what, before.stream().filter(Objects::nonNull).map(name).toList(),
                after.stream().filter(Objects::nonNull).map(name).toList());
    }

    private static void gone(List<String> removed, String what, Collection<String> before, Collection<String> after) {
        before.stream().filter(n -> !after.contains(n)).forEach(n -> removed.add(what + " '" + n + "'"));
    }
}

package io.envsaga.orchestrator.tenancy;

import io.envsaga.contracts.spec.Environment;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Who claims which host ({@code host_claims}): an environment's claims are the hosts of its
 * current spec. A host held by another environment that is not deleted cannot be claimed; a
 * deleted environment's claims are free to take. The primary key on the host makes two
 * concurrent claims of one host impossible (the second insert fails).
 */
@Repository
public class HostClaims {

    private final JdbcClient jdbc;
    private final Clock clock;

    public HostClaims(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Replaces the environment's claims by its spec's hosts, in the caller's transaction; throws when one is taken. */
    public void claim(Environment spec) {
        String name = spec.name();
        List<String> hosts = spec.spec().dns() == null ? List.of() : spec.spec().dns().hosts();
        for (int i = 0; i < hosts.size(); i++) {
            String host = hosts.get(i);
            String path = "spec.dns.hosts[" + i + "]";
            Optional<String> owner = ownerOf(host);
            if (owner.isPresent() && !owner.get().equals(name)) {
                if (isLive(owner.get())) {
                    throw new HostClaimedException(host, owner.get(), path);
                }
                jdbc.sql("update host_claims set environment = ?, claimed_at = ? where host = ? and environment = ?")
                        .params(name, Timestamp.from(clock.instant()), host, owner.get()).update();
            } else if (owner.isEmpty()) {
                try {
                    jdbc.sql("insert into host_claims (host, environment, claimed_at) values (?, ?, ?)")
                            .params(host, name, Timestamp.from(clock.instant())).update();
                } catch (DuplicateKeyException raced) {
                    throw new HostClaimedException(host, ownerOf(host).orElse("another environment"), path);
                }
            }
        }
        jdbc.sql("select host from host_claims where environment = ?").param(name).query(String.class).list().stream()
                .filter(h -> !hosts.contains(h))
                .forEach(h -> jdbc.sql("delete from host_claims where host = ? and environment = ?").params(h, name).update());
    }

    public Optional<String> ownerOf(String host) {
        return jdbc.sql("select environment from host_claims where host = ?").param(host).query(String.class).optional();
    }

    private boolean isLive(String environment) {
        return jdbc.sql("select phase from environments where name = ?").param(environment).query(String.class).optional()
                .filter(phase -> !"DELETED".equals(phase)).isPresent();
    }
}

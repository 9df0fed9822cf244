package io.envsaga.contracts.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a generation would delete or stop keeping, found from the two specs' effects (issue 26, class 1). */
class SpecEffectsTest {

    /** A stage environment with a part of everything. */
    private static final String FULL = """
            apiVersion: envsaga.io/v1
            kind: Environment
            metadata: { name: full }
            spec:
              tier: stage
              dns: { zone: codedang.com, hosts: [stage.codedang.com] }
              ingress: { host: stage.codedang.com, tls: { clusterIssuer: letsencrypt }, routes: [ { path: /, workload: api } ] }
              workloads:
                - { name: api, image: 'ghcr.io/skkuding/api:1', port: 4000 }
                - { name: worker, image: 'ghcr.io/skkuding/worker:1' }
              messaging:
                vhost: judge
                exchanges: [ { name: iris, type: direct } ]
                queues: [ { name: submissions } ]
                bindings: [ { exchange: iris, queue: submissions, routingKey: judge } ]
                users: [ { name: api } ]
              cache: {}
              storage:
                postgres: { databases: [codedang] }
                minio: { buckets: [uploads] }
            """;

    @Test
    void theSameSpecOrOneThatOnlyAddsOrChangesSettingsLosesNothing() {
        Environment before = spec(FULL);

        assertThat(SpecEffects.lost(before, before)).isEmpty();
        assertThat(SpecEffects.lost(before, spec(FULL
                .replace("api:1'", "api:2', replicas: 3")
                .replace("hosts: [stage.codedang.com] }", "hosts: [stage.codedang.com, new.codedang.com], ttl: 600 }")
                .replace("buckets: [uploads]", "buckets: [uploads, more]")
                .replace("cache: {}", "cache: { memory: 512Mi, auth: true }")))).isEmpty();
        assertThat(SpecEffects.lost(spec(FULL.replace("    minio: { buckets: [uploads] }\n", "")), before)).as("adding is not deleting").isEmpty();
    }

    @Test
    void switchingTheRecordsOffDeletesThemThoughTheHostStaysClaimed() {
        assertThat(SpecEffects.lost(spec(FULL), spec(FULL.replace("hosts: [stage.codedang.com] }", "hosts: [stage.codedang.com], records: false }"))))
                .containsExactly("the DNS record of 'stage.codedang.com' in zone 'codedang.com'");
    }

    @Test
    void aRenamedVhostLosesTheOldOneWithEveryQueueAndBindingInIt() {
        assertThat(SpecEffects.lost(spec(FULL), spec(FULL.replace("vhost: judge", "vhost: judge2")))).containsExactly(
                "vhost 'judge' (and every queue and message in it)",
                "exchange 'iris' in vhost 'judge'",
                "queue 'submissions' in vhost 'judge' and its messages",
                "the binding of queue 'submissions' to exchange 'iris' (routing key 'judge') in vhost 'judge'");
    }

    @Test
    void aDroppedOrChangedBindingOrPortIsLost() {
        assertThat(SpecEffects.lost(spec(FULL), spec(FULL.replace("routingKey: judge", "routingKey: other")))).containsExactly(
                "the binding of queue 'submissions' to exchange 'iris' (routing key 'judge') in vhost 'judge'");
        String noRoute = FULL.replace("  ingress: { host: stage.codedang.com, tls: { clusterIssuer: letsencrypt }, routes: [ { path: /, workload: api } ] }\n", "");
        assertThat(SpecEffects.lost(spec(noRoute), spec(noRoute.replace(", port: 4000", "")))).containsExactly(
                "port 4000 of workload 'api' (its Service)");
        assertThat(SpecEffects.lost(spec(noRoute), spec(noRoute.replace("port: 4000", "port: 8080")))).containsExactly(
                "port 4000 of workload 'api' (its Service)");
    }

    @Test
    void retainOnDeleteFlippedToFalseStopsKeepingTheData() {
        assertThat(SpecEffects.lost(spec(FULL), spec(FULL.replace("databases: [codedang] }", "databases: [codedang], retainOnDelete: false }")
                .replace("buckets: [uploads] }", "buckets: [uploads], retainOnDelete: false }")))).containsExactly(
                "PostgreSQL's volume and credentials kept on delete (spec.storage.postgres.retainOnDelete)",
                "MinIO's volume and credentials kept on delete (spec.storage.minio.retainOnDelete)");
    }

    @Test
    void anotherIngressKindOrNoTlsDeletesTheObjectOrTheCertificate() {
        assertThat(SpecEffects.lost(spec(FULL), spec(FULL.replace("ingress: { host", "ingress: { kind: IngressRoute, host")))).containsExactly(
                "the ingress (Ingress 'full' for host 'stage.codedang.com')",
                "the TLS certificate of 'stage.codedang.com' (spec.ingress.tls)");
        assertThat(SpecEffects.lost(spec(FULL), spec(FULL.replace("tls: { clusterIssuer: letsencrypt }, ", "")))).containsExactly(
                "the TLS certificate of 'stage.codedang.com' (spec.ingress.tls)");
    }

    @Test
    void removedNamesAndSectionsAreLostAsBefore() {
        assertThat(SpecEffects.lost(spec(FULL), spec(FULL.replace("    - { name: worker, image: 'ghcr.io/skkuding/worker:1' }\n", ""))))
                .containsExactly("workload 'worker'");
        assertThat(SpecEffects.lost(spec(FULL), spec(FULL.replace("  cache: {}\n", "")))).containsExactly("the cache (spec.cache)");
        assertThat(SpecEffects.lost(spec(FULL), spec(FULL.replace("users: [ { name: api } ]", "users: []"))))
                .containsExactly("messaging user 'api'");
        assertThat(SpecEffects.lost(spec(FULL), spec(FULL.replace("databases: [codedang]", "databases: []")))).containsExactly("database 'codedang'");
    }

    @Test
    void anotherNamespaceLosesEverythingInTheOldOne() {
        assertThat(SpecEffects.lost(spec(FULL), spec(FULL.replace("  tier: stage\n", "  tier: stage\n  namespace: elsewhere\n"))))
                .startsWith("namespace 'full'", "workload 'api'")
                .doesNotContain("host 'stage.codedang.com'", "the DNS record of 'stage.codedang.com' in zone 'codedang.com'");
    }

    @Test
    void theValidatorReadsTheNameOfADocumentItAcceptsAsItsEnvironmentsName() {
        EnvironmentValidator validator = new EnvironmentValidator();
        // a byte-order mark before JSON, and a DEL (U+007F) in a value: valid JSON, not readable as YAML
        byte[] bom = ("\uFEFF{\"apiVersion\":\"envsaga.io/v1\",\"kind\":\"Environment\",\"metadata\":{\"name\":\"codedang-pr-41\"},"
                + "\"spec\":{\"tier\":\"preview\",\"workloads\":[{\"name\":\"a\",\"image\":\"x/y:1\",\"env\":{\"K\":\"v\u007F\"}}]}}")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(validator.validate(bom).isValid()).isTrue();
        assertThat(validator.nameOf(bom)).contains("codedang-pr-41");
        assertThat(validator.nameOf("metadata: { name: 123 }\n".getBytes(StandardCharsets.UTF_8))).as("coerced as the record binds it")
                .contains("123");
        assertThat(validator.nameOf("metadata: { name: Not_A_Label }\n".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(validator.nameOf("metadata: { name: &a x }\nk: *a\n".getBytes(StandardCharsets.UTF_8))).as("an alias is refused").isEmpty();
        assertThat(new EnvironmentValidator(new SpecLimits(SpecLimits.DEFAULT_MAX_REPLICAS, 16)).nameOf(
                "metadata: { name: codedang-pr-1 }\n".getBytes(StandardCharsets.UTF_8))).as("over the size limit").isEmpty();
    }

    private static Environment spec(String yaml) {
        return new EnvironmentValidator().validate(yaml).orThrow();
    }
}

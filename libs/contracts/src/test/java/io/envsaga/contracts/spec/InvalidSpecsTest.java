package io.envsaga.contracts.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Each case breaks one thing in the stage example and expects a violation at that path (with
 * a message that says why). The valid example is the baseline, so a case can only fail for the
 * reason it names.
 */
class InvalidSpecsTest {

    private static final EnvironmentValidator VALIDATOR = new EnvironmentValidator(new SpecLimits(10, 256 * 1024));

    static Stream<Arguments> invalidSpecs() {
        return Stream.of(
                breaks("name not an RFC 1123 label", s -> put(s, "metadata", "name", "Codedang_Stage"), "metadata.name", "RFC 1123"),
                breaks("name longer than 40", s -> put(s, "metadata", "name", "a".repeat(41)), "metadata.name", "at most 40"),
                breaks("name missing", s -> obj(s, "metadata").remove("name"), "metadata.name", "required"),
                breaks("wrong apiVersion", s -> ((ObjectNode) s).put("apiVersion", "envsaga.io/v2"), "apiVersion", "envsaga.io/v1"),
                breaks("wrong kind", s -> ((ObjectNode) s).put("kind", "Deployment"), "kind", "Environment"),
                breaks("unknown top-level field", s -> ((ObjectNode) s).put("status", "x"), "status", "unknown field"),
                breaks("unknown nested field", s -> workload(s, 1).put("imagePullPolicy", "Always"), "spec.workloads[1].imagePullPolicy", "unknown field"),
                breaks("unknown field in the spec", s -> obj(s, "spec").put("replicas", 3), "spec.replicas", "unknown field"),
                breaks("unknown tier", s -> obj(s, "spec").put("tier", "qa"), "spec.tier", "production, stage, preview"),
                breaks("duplicate workload names", s -> workload(s, 2).put("name", "client-api"), "spec.workloads[2].name", "duplicate workload"),
                breaks("route to an undeclared workload", s -> route(s, 0).put("workload", "grader"), "spec.ingress.routes[0].workload", "no workload named 'grader'"),
                breaks("route to a workload without a port", s -> route(s, 2).put("workload", "iris"), "spec.ingress.routes[2].workload", "no port"),
                breaks("binding to an undeclared exchange", s -> binding(s, 0).put("exchange", "nowhere"), "spec.messaging.bindings[0].exchange", "no exchange named"),
                breaks("binding to an undeclared queue", s -> binding(s, 1).put("queue", "nobody"), "spec.messaging.bindings[1].queue", "no queue named"),
                breaks("host outside the zone", s -> arr(obj(obj(s, "spec"), "dns"), "hosts").set(0, "stage.codedang.io"), "spec.dns.hosts[0]", "outside the zone"),
                breaks("ingress host not among the DNS hosts", s -> obj(obj(s, "spec"), "ingress").put("host", "other.codedang.com"), "spec.ingress.host", "not one of spec.dns.hosts"),
                breaks("TTL below 60", s -> obj(obj(s, "spec"), "dns").put("ttl", 59), "spec.dns.ttl", "between 60 and 86400"),
                breaks("TTL above 86400", s -> obj(obj(s, "spec"), "dns").put("ttl", 86401), "spec.dns.ttl", "between 60 and 86400"),
                breaks("negative replicas", s -> workload(s, 0).put("replicas", -1), "spec.workloads[0].replicas", "negative"),
                breaks("replicas over the cap", s -> workload(s, 0).put("replicas", 11), "spec.workloads[0].replicas", "at most 10"),
                breaks("replicas not a number", s -> workload(s, 0).put("replicas", "two"), "spec.workloads[0].replicas", "whole number"),
                breaks("image with upper case path", s -> workload(s, 1).put("image", "ghcr.io/Skkuding/API:1"), "spec.workloads[1].image", "not a valid image reference"),
                breaks("image with spaces", s -> workload(s, 1).put("image", "ghcr.io/skkuding/api latest"), "spec.workloads[1].image", "not a valid image reference"),
                breaks("image with a bad digest", s -> workload(s, 1).put("image", "nginx@sha256:abc"), "spec.workloads[1].image", "not a valid image reference"),
                breaks("image missing", s -> workload(s, 1).remove("image"), "spec.workloads[1].image", "required"),
                breaks("port zero", s -> workload(s, 0).put("port", 0), "spec.workloads[0].port", "between 1 and 65535"),
                breaks("port above 65535", s -> workload(s, 0).put("port", 70000), "spec.workloads[0].port", "between 1 and 65535"),
                breaks("env var name with a dash", s -> obj(workload(s, 0), "env").put("APP-ENV", "x"), "spec.workloads[0].env[APP-ENV]", "not a valid environment variable name"),
                breaks("env var name starting with a digit", s -> obj(workload(s, 0), "env").put("1ENV", "x"), "spec.workloads[0].env[1ENV]", "not a valid environment variable name"),
                breaks("storage in production", s -> obj(s, "spec").put("tier", "production"), "spec.storage", "production"),
                breaks("expiry ttl without a unit", s -> obj(s, "spec").putObject("expiry").put("ttl", "28"), "spec.expiry.ttl", "a duration such as 28d"),
                breaks("expiry ttl of zero", s -> obj(s, "spec").putObject("expiry").put("ttl", "0s"), "spec.expiry.ttl", "a positive whole number"),
                breaks("expiry idleAfter in weeks", s -> obj(s, "spec").putObject("expiry").put("idleAfter", "4w"), "spec.expiry.idleAfter", "s, m, h or d"),
                breaks("expiry idleAfter as an ISO duration", s -> obj(s, "spec").putObject("expiry").put("idleAfter", "P28D"), "spec.expiry.idleAfter", "28d"),
                breaks("unknown expiry field", s -> obj(s, "spec").putObject("expiry").put("after", "2d"), "spec.expiry.after", "unknown field"),
                breaks("expiry in production", s -> {
                    obj(s, "spec").put("tier", "production");
                    obj(s, "spec").putObject("expiry").put("ttl", "2d");
                }, "spec.expiry", "production never expires"),
                breaks("workload name not a label", s -> workload(s, 3).put("name", "Iris"), "spec.workloads[3].name", "RFC 1123"),
                breaks("unknown dependency", s -> arr(workload(s, 3), "uses").add("kafka"), "spec.workloads[3].uses[1]", "rabbitmq, redis, postgres, minio"),
                breaks("uses redis without a cache", s -> obj(s, "spec").remove("cache"), "spec.workloads[0].uses[1]", "no spec.cache"),
                breaks("duplicate queue names", s -> ((ObjectNode) arr(obj(obj(s, "spec"), "messaging"), "queues").get(1)).put("name", "client.q.judge.submission"), "spec.messaging.queues[1].name", "duplicate queue"),
                breaks("system namespace", s -> obj(s, "spec").put("namespace", "kube-system"), "spec.namespace", "system namespace"),
                breaks("bad ingress kind", s -> obj(obj(s, "spec"), "ingress").put("kind", "Route"), "spec.ingress.kind", "Ingress, IngressRoute, HTTPRoute"),
                breaks("route path not absolute", s -> route(s, 0).put("path", "api"), "spec.ingress.routes[0].path", "absolute HTTP path"),
                breaks("bad bucket name", s -> arr(obj(obj(obj(s, "spec"), "storage"), "minio"), "buckets").set(0, "Codedang_Testcase"), "spec.storage.minio.buckets[0]", "not a valid bucket name"),
                breaks("bad storage class", s -> postgres(s).put("storageClass", "Fast SSD"), "spec.storage.postgres.storageClass", "not a valid storage class"),
                breaks("bad postgres image", s -> postgres(s).put("image", "postgres 18"), "spec.storage.postgres.image", "not a valid image reference"),
                breaks("duplicate database", s -> arr(postgres(s), "databases").add("skkuding"), "spec.storage.postgres.databases[1]", "duplicate database"),
                breaks("reserved database", s -> arr(postgres(s), "databases").set(0, "postgres"), "spec.storage.postgres.databases[0]", "reserved by PostgreSQL"),
                breaks("database with a pg_ prefix", s -> arr(postgres(s), "databases").set(0, "pg_app"), "spec.storage.postgres.databases[0]", "reserved by PostgreSQL"),
                breaks("database name with a dash", s -> arr(postgres(s), "databases").set(0, "skku-ding"), "spec.storage.postgres.databases[0]", "not a valid database name"),
                breaks("duplicate bucket", s -> arr(obj(obj(obj(s, "spec"), "storage"), "minio"), "buckets").add("codedang-media"), "spec.storage.minio.buckets[3]", "duplicate bucket"),
                breaks("bad cache memory", s -> obj(obj(s, "spec"), "cache").put("memory", "lots"), "spec.cache.memory", "not a valid quantity"),
                breaks("duplicate route paths", s -> route(s, 1).put("path", "/api"), "spec.ingress.routes[1].path", "duplicate route path"),
                breaks("ingress host without any claim", s -> obj(s, "spec").remove("dns"), "spec.ingress.host", "only the hosts it claims"),
                breaks("env var that uses: also sets", s -> obj(workload(s, 0), "env").put("RABBITMQ_URL", "amqp://x"),
                        "spec.workloads[0].env.RABBITMQ_URL", "set by uses: rabbitmq"),
                breaks("limit below its request", s -> obj(obj(workload(s, 0), "resources"), "limits").put("cpu", "1m"),
                        "spec.workloads[0].resources.limits.cpu", "below the request"),
                breaks("limit below the default request", s -> workload(s, 2).putObject("resources").putObject("limits").put("memory", "64Mi"),
                        "spec.workloads[2].resources.limits.memory", "below the request 128Mi (the default request)"),
                breaks("probe of a workload without a port", s -> workload(s, 3).putObject("probes").putObject("readiness").put("path", "/health"),
                        "spec.workloads[3].probes.readiness.port", "the workload has no port"),
                breaks("more workloads than the tier allows", s -> {
                    for (int i = 0; i < 40; i++) {
                        arr(obj(s, "spec"), "workloads").addObject().put("name", "extra-" + i).put("image", "nginx:1");
                    }
                }, "spec.workloads", "at most 40 (envsaga.spec.tiers.stage.max-workloads)"),
                breaks("more CPU than the tier allows", s -> obj(obj(workload(s, 0), "resources"), "requests").put("cpu", "40"),
                        "spec.workloads", "may request at most 32"),
                breaks("cache memory below 1Mi", s -> cache(s).put("memory", "512Ki"), "spec.cache.memory", "at least 1Mi"),
                breaks("cache memory in millibytes", s -> cache(s).put("memory", "500m"), "spec.cache.memory", "at least 1Mi"),
                breaks("unknown maxmemory policy", s -> cache(s).put("maxmemoryPolicy", "lru"), "spec.cache.maxmemoryPolicy",
                        "allkeys-lru, allkeys-lfu, allkeys-random, volatile-lru, volatile-lfu, volatile-random, volatile-ttl, noeviction"),
                breaks("cache auth not a boolean", s -> cache(s).put("auth", "please"), "spec.cache.auth", "true or false"),
                breaks("cache image not an image", s -> cache(s).put("image", "Redis Latest"), "spec.cache.image", "not a valid image reference"),
                breaks("cache memory limit at maxmemory", s -> cache(s).putObject("resources").putObject("limits").put("memory", "256Mi"),
                        "spec.cache.resources.limits.memory", "leaves no room above spec.cache.memory 256Mi"),
                breaks("cache request above its limit", s -> {
                    ObjectNode resources = cache(s).putObject("resources");
                    resources.putObject("requests").put("cpu", "2");
                    resources.putObject("limits").put("cpu", "1");
                }, "spec.cache.resources.requests.cpu", "above its limit 1"),
                breaks("unknown cache field", s -> cache(s).put("persistence", true), "spec.cache.persistence", "unknown field"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSpecs")
    void isRejectedAtItsPath(String name, Consumer<JsonNode> breakage, String path, String why) {
        JsonNode spec = SpecMapper.yaml().readTree(Examples.read("codedang-stage.yaml"));
        breakage.accept(spec);

        ValidationResult result = VALIDATOR.validate(SpecMapper.yaml().writeValueAsString(spec));

        assertThat(result.isValid()).as("%s must be rejected", name).isFalse();
        assertThat(result.violations())
                .as("violations of '%s'", name)
                .anySatisfy(v -> {
                    assertThat(v.path()).isEqualTo(path);
                    assertThat(v.message()).contains(why);
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSpecs")
    void isRejectedAsJsonToo(String name, Consumer<JsonNode> breakage, String path, String why) {
        JsonNode spec = SpecMapper.yaml().readTree(Examples.read("codedang-stage.yaml"));
        breakage.accept(spec);

        ValidationResult result = VALIDATOR.validate(SpecMapper.json().writeValueAsString(spec));

        assertThat(result.violations()).anySatisfy(v -> assertThat(v.path()).isEqualTo(path));
    }

    private static Arguments breaks(String name, Consumer<JsonNode> breakage, String path, String why) {
        return Arguments.of(name, breakage, path, why);
    }

    private static ObjectNode obj(JsonNode node, String field) {
        return (ObjectNode) node.get(field);
    }

    private static ArrayNode arr(JsonNode node, String field) {
        return (ArrayNode) node.get(field);
    }

    private static ObjectNode put(JsonNode node, String field, String key, String value) {
        return obj(node, field).put(key, value);
    }

    private static ObjectNode cache(JsonNode spec) {
        return obj(obj(spec, "spec"), "cache");
    }

    private static ObjectNode postgres(JsonNode spec) {
        return obj(obj(obj(spec, "spec"), "storage"), "postgres");
    }

    private static ObjectNode workload(JsonNode spec, int index) {
        return (ObjectNode) arr(obj(spec, "spec"), "workloads").get(index);
    }

    private static ObjectNode route(JsonNode spec, int index) {
        return (ObjectNode) arr(obj(obj(spec, "spec"), "ingress"), "routes").get(index);
    }

    private static ObjectNode binding(JsonNode spec, int index) {
        return (ObjectNode) arr(obj(obj(spec, "spec"), "messaging"), "bindings").get(index);
    }
}

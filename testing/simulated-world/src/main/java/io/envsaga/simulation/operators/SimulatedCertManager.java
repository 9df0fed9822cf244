package io.envsaga.simulation.operators;

import io.envsaga.simulation.kubernetes.InformerHandlers;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plays cert-manager's certificate controllers (cert-manager/cert-manager at 2d0d7f7f) for
 * {@code Certificate}s (cert-manager.io/v1), by issuer ({@code spec.issuerRef.name}):
 * <ul>
 * <li>By default it issues: the Secret {@code spec.secretName} (type {@code kubernetes.io/tls},
 * annotated {@code cert-manager.io/certificate-name}) and {@code Ready=True}, reason
 * {@code Ready}, "Certificate is up to date and has not expired"
 * (pkg/controller/certificates/readiness/readiness_controller.go:424-433), {@code Issuing}
 * removed, {@code notBefore}/{@code notAfter}/{@code renewalTime}, {@code revision}.</li>
 * <li>{@link #hold(String)}: the issuance waits (an ACME order whose challenge is not solved yet):
 * {@code Ready=False DoesNotExist} "Issuing certificate as Secret does not exist"
 * (internal/controller/certificates/policies/checks.go:44-46) and {@code Issuing=True} with the
 * same reason and message, as the trigger controller writes it (trigger_controller.go:241).</li>
 * <li>{@link #refuse(String, String)}: the CertificateRequest fails: {@code Issuing=False} with
 * the request's reason ({@code Failed}) and "The certificate request has failed to complete and
 * will be retried: " + its message, {@code lastFailureTime}, {@code failedIssuanceAttempts}
 * (pkg/controller/certificates/issuing/issuing_controller.go:415-433); {@code Ready} stays
 * {@code False DoesNotExist}. The next attempt comes after the trigger controller's back-off,
 * an hour at least (internal/apis/config/controller/v1alpha1/defaults.go:103,
 * trigger_controller.go:286), so this simulator does not retry.</li>
 * </ul>
 * Every condition carries the Certificate's generation as {@code observedGeneration}
 * (pkg/apis/certmanager/v1/types_certificate.go:719-747). One deliberate difference: the Secret
 * holds placeholder bytes, not a real key pair (no check of envsaga reads them).
 */
public final class SimulatedCertManager implements AutoCloseable {

    public static final ResourceDefinitionContext CERTIFICATE = new ResourceDefinitionContext.Builder().withGroup("cert-manager.io")
            .withVersion("v1").withKind("Certificate").withPlural("certificates").withNamespaced(true).build();

    private final KubernetesClient client;
    private final SharedIndexInformer<GenericKubernetesResource> certificates;
    /** issuer -> the CertificateRequest's failure message, for issuers that refuse. */
    private final Map<String, String> refusing = new ConcurrentHashMap<>();
    private final java.util.Set<String> holding = ConcurrentHashMap.newKeySet();

    public SimulatedCertManager(KubernetesClient client) {
        this.client = client;
        this.certificates = client.genericKubernetesResources(CERTIFICATE).inAnyNamespace().inform(InformerHandlers.onChange(this::reconcile, c -> { }));
    }

    /** Certificates of {@code issuer} fail, their CertificateRequest saying {@code message} (e.g. the ACME server's). */
    public SimulatedCertManager refuse(String issuer, String message) {
        refusing.put(issuer, message);
        return this;
    }

    /** Certificates of {@code issuer} stay Issuing until the returned handle is closed, then they are issued. */
    public AutoCloseable hold(String issuer) {
        holding.add(issuer);
        return () -> {
            holding.remove(issuer);
            certificates.getStore().list().forEach(this::reconcile);
        };
    }

    @SuppressWarnings("unchecked")
    private synchronized void reconcile(GenericKubernetesResource certificate) {
        if (certificate.getMetadata().getDeletionTimestamp() != null || !(certificate.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec)) {
            return;
        }
        Map<String, Object> status = certificate.getAdditionalProperties().get("status") instanceof Map<?, ?> s
                ? (Map<String, Object>) s : Map.of();
        Long generation = certificate.getMetadata().getGeneration();
        String issuer = spec.get("issuerRef") instanceof Map<?, ?> ref ? String.valueOf(ref.get("name")) : "";
        List<Map<String, Object>> handled = conditions(status).stream()
                .filter(c -> generation != null && ((Number) c.getOrDefault("observedGeneration", 0)).longValue() == generation).toList();
        boolean waiting = handled.stream().anyMatch(c -> "Issuing".equals(c.get("type")) && "True".equals(c.get("status")));
        if (!handled.isEmpty() && !(waiting && !holding.contains(issuer))) {
            return; // this generation has been handled: issued, failed, or still held
        }
        String secretName = String.valueOf(spec.get("secretName"));
        Map<String, Object> next = new LinkedHashMap<>();
        String missing = "Issuing certificate as Secret does not exist";
        if (refusing.containsKey(issuer)) {
            next.put("conditions", List.of(condition("Ready", "False", "DoesNotExist", missing, generation),
                    condition("Issuing", "False", "Failed",
                            "The certificate request has failed to complete and will be retried: " + refusing.get(issuer), generation)));
            next.put("lastFailureTime", now().toString());
            next.put("failedIssuanceAttempts", ((Number) status.getOrDefault("failedIssuanceAttempts", 0)).intValue() + 1);
        } else if (holding.contains(issuer)) {
            next.put("conditions", List.of(condition("Ready", "False", "DoesNotExist", missing, generation),
                    condition("Issuing", "True", "DoesNotExist", missing, generation)));
        } else {
            issue(certificate, secretName);
            Instant notBefore = now();
            next.put("conditions", List.of(condition("Ready", "True", "Ready", "Certificate is up to date and has not expired", generation)));
            next.put("notBefore", notBefore.toString());
            next.put("notAfter", notBefore.plus(90, ChronoUnit.DAYS).toString());
            next.put("renewalTime", notBefore.plus(60, ChronoUnit.DAYS).toString());
            next.put("revision", ((Number) status.getOrDefault("revision", 0)).intValue() + 1);
        }
        try {
            client.genericKubernetesResources(CERTIFICATE).inNamespace(certificate.getMetadata().getNamespace())
                    .withName(certificate.getMetadata().getName()).editStatus(current -> {
                        current.getAdditionalProperties().put("status", next);
                        return current;
                    });
        } catch (KubernetesClientException gone) {
            if (gone.getCode() != 404) {
                throw gone;
            }
        }
    }

    private void issue(GenericKubernetesResource certificate, String secretName) {
        String namespace = certificate.getMetadata().getNamespace();
        Secret secret = new SecretBuilder().withNewMetadata().withName(secretName).withNamespace(namespace)
                .addToAnnotations("cert-manager.io/certificate-name", certificate.getMetadata().getName()).endMetadata()
                .withType("kubernetes.io/tls")
                .addToData("tls.crt", placeholder("certificate of " + certificate.getMetadata().getName()))
                .addToData("tls.key", placeholder("key of " + certificate.getMetadata().getName()))
                .build();
        client.secrets().inNamespace(namespace).resource(secret).createOr(existing -> existing.update());
    }

    private static String placeholder(String what) {
        return Base64.getEncoder().encodeToString(("simulated " + what).getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> conditions(Map<String, Object> status) {
        return status.get("conditions") instanceof List<?> list ? (List<Map<String, Object>>) list : new ArrayList<>();
    }

    private static Map<String, Object> condition(String type, String status, String reason, String message, Long generation) {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("type", type);
        condition.put("status", status);
        condition.put("lastTransitionTime", now().toString());
        condition.put("reason", reason);
        condition.put("message", message);
        condition.put("observedGeneration", generation);
        return condition;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    @Override
    public void close() {
        certificates.close();
    }
}

package io.envsaga.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * A kind of object a step service makes: a built-in or generated fabric8 model class, or a custom
 * resource handled as {@link GenericKubernetesResource} (group, version, kind and plural given,
 * so that no API discovery request is needed).
 */
public record ManagedKind(String group, String version, String kind, String plural, Class<? extends HasMetadata> type) {

    public static ManagedKind of(Class<? extends HasMetadata> type) {
        ResourceDefinitionContext context = ResourceDefinitionContext.fromResourceType(type);
        return new ManagedKind(context.getGroup() == null ? "" : context.getGroup(), context.getVersion(), context.getKind(),
                context.getPlural(), type);
    }

    /** A namespaced custom resource, e.g. {@code custom("traefik.io", "v1alpha1", "IngressRoute", "ingressroutes")}. */
    public static ManagedKind custom(String group, String version, String kind, String plural) {
        return new ManagedKind(group, version, kind, plural, GenericKubernetesResource.class);
    }

    /** The kind as fabric8 addresses it without discovery. */
    public ResourceDefinitionContext context() {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    public boolean matches(HasMetadata object) {
        return kind().equals(object.getKind()) && apiVersion().equals(object.getApiVersion());
    }

    /** The client's operations on this kind. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    MixedOperation<HasMetadata, KubernetesResourceList<HasMetadata>, Resource<HasMetadata>> operations(KubernetesClient client) {
        if (type == GenericKubernetesResource.class) {
            return (MixedOperation) client.genericKubernetesResources(context());
        }
        return (MixedOperation) client.resources(type);
    }

    /** The step's objects of this kind for the environment ({@link Labels#selector}); none when the cluster does not serve the kind. */
    java.util.List<HasMetadata> listOfStep(KubernetesClient client, Target target) {
        try {
            return operations(client).inNamespace(target.namespace()).withLabels(Labels.selector(target.environment(), target.step()))
                    .list().getItems();
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            if (e.getCode() == 404) {
                return java.util.List.of(); // the kind is not installed in this cluster: nothing of it
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return kind() + " (" + apiVersion() + ")";
    }
}

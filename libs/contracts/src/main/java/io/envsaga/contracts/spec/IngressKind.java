package io.envsaga.contracts.spec;

/** How the environment is exposed through Traefik. */
public enum IngressKind {
    /** networking.k8s.io/v1 Ingress, class traefik (the default, as Codedang uses). */
    Ingress,
    /** traefik.io/v1alpha1 IngressRoute. */
    IngressRoute,
    /** gateway.networking.k8s.io/v1 HTTPRoute. */
    HTTPRoute
}

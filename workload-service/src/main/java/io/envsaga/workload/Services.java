package io.envsaga.workload;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.Workload;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/** A workload's ClusterIP Service, named after it: a pure function of the spec. */
public final class Services {

    private Services() {
    }

    /** Only for a workload with a port. */
    public static Service desired(Environment environment, Workload workload) {
        return new ServiceBuilder()
                .withNewMetadata().withName(workload.name()).addToLabels(Deployments.NAME_LABEL, workload.name()).endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(Deployments.selector(environment, workload))
                .addNewPort().withName(Deployments.PORT_NAME).withProtocol("TCP").withPort(workload.port())
                .withTargetPort(new IntOrString(Deployments.PORT_NAME)).endPort()
                .endSpec()
                .build();
    }
}

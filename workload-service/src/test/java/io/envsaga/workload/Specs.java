package io.envsaga.workload;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.EnvironmentSpec;
import io.envsaga.contracts.spec.EnvironmentValidator;
import io.envsaga.contracts.spec.IngressSpec;
import io.envsaga.contracts.spec.Metadata;
import io.envsaga.contracts.spec.Workload;
import io.envsaga.simulation.specs.TestSpecs;
import java.util.List;
import java.util.function.UnaryOperator;

/** The project's examples/ (read from the repository, as users read them) and variations of them. */
final class Specs {

    static final List<String> EXAMPLES = List.of("codedang-stage", "codedang-production", "codedang-preview");

    private Specs() {
    }

    static Environment example(String name) {
        return TestSpecs.example(name);
    }

    static Environment validated(String yaml) {
        return new EnvironmentValidator().validate(yaml).orThrow();
    }

    /** Bound but not validated: a spec the validator refuses, to show the renderer refuses it too (defence in depth). */
    static Environment unvalidated(String yaml) {
        return io.envsaga.contracts.spec.SpecMapper.yaml().readValue(yaml, Environment.class);
    }

    /** The spec under another name and namespace (so that tests of one class do not share objects). */
    static Environment renamed(Environment environment, String name) {
        EnvironmentSpec s = environment.spec();
        return new Environment(environment.apiVersion(), environment.kind(), new Metadata(name),
                new EnvironmentSpec(s.tier(), name, s.cluster(), s.dns(), s.ingress(), s.workloads(), s.messaging(), s.cache(), s.storage()));
    }

    static Environment withoutWorkload(Environment environment, String workload) {
        EnvironmentSpec s = environment.spec();
        IngressSpec ingress = s.ingress() == null ? null : new IngressSpec(s.ingress().kind(), s.ingress().host(), s.ingress().tls(),
                s.ingress().routes().stream().filter(r -> !r.workload().equals(workload)).toList());
        return new Environment(environment.apiVersion(), environment.kind(), environment.metadata(),
                new EnvironmentSpec(s.tier(), s.namespace(), s.cluster(), s.dns(), ingress,
                        s.workloads().stream().filter(w -> !w.name().equals(workload)).toList(), s.messaging(), s.cache(), s.storage()));
    }

    static Environment withWorkloads(Environment environment, UnaryOperator<Workload> change) {
        EnvironmentSpec s = environment.spec();
        return new Environment(environment.apiVersion(), environment.kind(), environment.metadata(),
                new EnvironmentSpec(s.tier(), s.namespace(), s.cluster(), s.dns(), s.ingress(), s.workloads().stream().map(change).toList(),
                        s.messaging(), s.cache(), s.storage()));
    }

    static Workload withImage(Workload w, String image) {
        return new Workload(w.name(), image, w.port(), w.replicas(), w.env(), w.uses(), w.privileged(), w.resources(), w.probes());
    }
}

package io.envsaga.testsupport.specs;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.contracts.spec.Environment;
import io.envsaga.contracts.spec.SpecEffects;
import io.envsaga.simulation.specs.TestSpecs;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * Holds a step's renderer to {@link SpecEffects}: the orchestrator requires the delete right for
 * what {@link SpecEffects#lost} reports, so whatever the renderer would prune between two
 * generations must be reported there (docs/security.md, "Removing is deleting, however the spec
 * says it").
 */
public final class PrunedIsLost {

    private PrunedIsLost() {
    }

    /**
     * @param rendered the objects the step renders for a spec and would prune when gone, as
     *                 {@code namespace/Kind/name}
     */
    public static void assertPrunedIsLost(String beforeYaml, String afterYaml, Function<Environment, Set<String>> rendered) {
        Environment before = TestSpecs.validated(beforeYaml);
        Environment after = TestSpecs.validated(afterYaml);

        Set<String> pruned = new HashSet<>(rendered.apply(before));
        pruned.removeAll(rendered.apply(after));

        assertThat(pruned).as("the change prunes something").isNotEmpty();
        assertThat(SpecEffects.lost(before, after)).as("what pruning " + pruned + " loses").isNotEmpty();
    }
}

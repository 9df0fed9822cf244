package io.envsaga.kubernetes;

import io.envsaga.contracts.events.Step;
import io.envsaga.contracts.spec.Environment;
import io.envsaga.participant.StepContext;
import io.envsaga.participant.StepHandler;
import io.envsaga.participant.StepResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A step whose part of an environment is Kubernetes objects. The step states what it wants (its
 * {@link Step} and {@link Target}, given to the constructor; its {@link #desired} objects; what it
 * checks and reports {@link #whenReady}); this class owns what every such step does alike, as
 * java-operator-sdk's dependent resources do:
 *
 * <ul>
 *   <li>apply: every group applied and ready in order, then the objects of earlier generations
 *       the spec no longer has pruned ({@link EnvironmentApplier#apply});</li>
 *   <li>skip: nothing of the step in the spec (no desired object); the apply still ran, so what an
 *       earlier generation made is pruned;</li>
 *   <li>outputs: the step's own, plus {@code pruned} (what this apply deleted) when anything was;</li>
 *   <li>release: up to {@link StepContext#releaseUpTo()}, keeping what {@link #retention} says,
 *       and letting go of the namespace.</li>
 * </ul>
 *
 * See docs/kubernetes-library.md, "A step: KubernetesStep".
 */
public abstract class KubernetesStep implements StepHandler {

    /** Where and as which step the objects of a generation go, its kinds in release order (e.g. {@code CacheObjects::target}). */
    @FunctionalInterface
    public interface Targets {
        Target of(Environment environment, long generation);
    }

    private final EnvironmentApplier applier;
    private final Step step;
    private final Targets targets;

    protected KubernetesStep(EnvironmentApplier applier, Step step, Targets targets) {
        this.applier = applier;
        this.step = step;
        this.targets = targets;
    }

    @Override
    public final Step step() {
        return step;
    }

    /**
     * What the step wants for this spec, in groups applied one after the other (each ready before
     * the next). No object at all (no group, or only empty ones) when the spec has nothing of the step.
     */
    protected abstract List<List<Desired>> desired(Environment environment);

    /**
     * Runs once every group is applied and ready, only when the spec has something of the step: the
     * place for checks and set-up on the real servers (a broker check, bootstrapping databases).
     *
     * @return the step's outputs: names of what it made, never secret values
     */
    protected abstract Map<String, String> whenReady(StepContext context) throws InterruptedException;

    /** What a release keeps: by default nothing. */
    protected Retention retention(Environment environment) {
        return Retention.DELETE_ALL;
    }

    /** Runs before anything is released, while the servers still answer (e.g. flushing a cache). */
    protected void beforeRelease(StepContext context) throws InterruptedException {
    }

    /**
     * Deletes what {@link #retention} kept for the whole step but a part of it does not keep (one
     * part of the spec retains its data, another does not).
     *
     * @return whether it deleted anything: the release kept the namespace for it, so the step lets go again
     */
    protected boolean deleteWhatReleaseKept(StepContext context) throws InterruptedException {
        return false;
    }

    @Override
    public final StepResult apply(StepContext context) throws InterruptedException {
        Environment environment = context.environment();
        List<List<Desired>> groups = desired(environment);
        // applied even when empty: that prunes what an earlier generation of the step made
        EnvironmentApplier.Applied applied = applier.apply(targets.of(environment, context.generation()), groups, context::progress);
        if (groups.stream().allMatch(List::isEmpty)) {
            return StepResult.skip();
        }
        Map<String, String> outputs = new LinkedHashMap<>(whenReady(context));
        if (!applied.pruned().isEmpty()) {
            outputs.put("pruned", String.join(",", applied.pruned()));
        }
        return StepResult.done(outputs);
    }

    @Override
    public final void release(StepContext context) throws InterruptedException {
        Environment environment = context.environment();
        beforeRelease(context);
        Target target = targets.of(environment, context.generation());
        long upTo = context.releaseUpTo();
        applier.release(target, upTo, retention(environment));
        if (deleteWhatReleaseKept(context)) {
            // the release above found that data still there and kept the namespace: now the step may be its last holder
            applier.releaseNamespace(target, upTo);
        }
    }
}

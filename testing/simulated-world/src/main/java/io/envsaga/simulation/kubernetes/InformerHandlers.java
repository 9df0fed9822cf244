package io.envsaga.simulation.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.function.Consumer;

/**
 * An informer's handler from what a simulated controller does with each version of an object
 * (added or updated alike, as a level-triggered controller reads them) and with its deletion.
 */
public final class InformerHandlers {

    private InformerHandlers() {
    }

    public static <T extends HasMetadata> ResourceEventHandler<T> onChange(Consumer<T> changed, Consumer<T> deleted) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                changed.accept(object);
            }

            @Override
            public void onUpdate(T before, T object) {
                changed.accept(object);
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                deleted.accept(object);
            }
        };
    }

    /** Only deletions matter (e.g. a claim's: the data on its volume goes with it). */
    public static <T extends HasMetadata> ResourceEventHandler<T> onDelete(Consumer<T> deleted) {
        return onChange(object -> { }, deleted);
    }

    /** {@code namespace/name}, the key a controller keeps its state under. */
    public static String key(HasMetadata object) {
        return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    }
}

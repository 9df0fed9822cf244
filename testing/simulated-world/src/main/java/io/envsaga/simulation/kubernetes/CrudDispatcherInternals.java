package io.envsaga.simulation.kubernetes;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.lang.reflect.Field;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;

/** The private parts of fabric8's {@link KubernetesCrudDispatcher} the simulated cluster needs: its lock and its watch listeners. */
final class CrudDispatcherInternals {

    private CrudDispatcherInternals() {
    }

    /** The lock fabric8 takes for reading and writing its objects. */
    static ReadWriteLock lock(KubernetesCrudDispatcher dispatcher) {
        try {
            return (ReadWriteLock) field("lock").get(dispatcher);
        } catch (ReflectiveOperationException e) {
            throw changed(e);
        }
    }

    /** Stops sending events to a watch listener: removes it from fabric8's listener set under the write lock. */
    static void forgetWatch(KubernetesCrudDispatcher dispatcher, WebSocketListener listener) {
        try {
            ReadWriteLock lock = lock(dispatcher);
            Set<?> listeners = (Set<?>) field("watchEventListeners").get(dispatcher);
            lock.writeLock().lock();
            try {
                listeners.remove(listener);
            } finally {
                lock.writeLock().unlock();
            }
        } catch (ReflectiveOperationException e) {
            throw changed(e);
        }
    }

    private static Field field(String name) throws NoSuchFieldException {
        Field field = KubernetesCrudDispatcher.class.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    private static IllegalStateException changed(ReflectiveOperationException e) {
        return new IllegalStateException("fabric8's KubernetesCrudDispatcher changed: " + e, e);
    }
}

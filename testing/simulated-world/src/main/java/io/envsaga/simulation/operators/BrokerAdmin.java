package io.envsaga.simulation.operators;

/**
 * What the simulated RabbitMQ operators need of a broker's administration: vhosts, users and
 * RabbitMQ's permissions (three regular expressions per user and vhost). {@link ManagementApi}
 * does it through RabbitMQ's management HTTP API; another broker (e.g. the sandbox's embedded
 * one) can do it its own way. Each call is idempotent: a put replaces, a delete of what is not
 * there does nothing.
 */
public interface BrokerAdmin {

    void putVhost(String vhost);

    void deleteVhost(String vhost);

    void putUser(String user, String password);

    void deleteUser(String user);

    /** RabbitMQ's permissions of {@code user} on {@code vhost}: regular expressions over resource names ("" none, ".*" all). */
    void putPermissions(String vhost, String user, String configure, String write, String read);

    void deletePermissions(String vhost, String user);
}

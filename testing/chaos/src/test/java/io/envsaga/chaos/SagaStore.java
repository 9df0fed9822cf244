package io.envsaga.chaos;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The orchestrators' saga store and audit, read directly (not through the proxy the orchestrators use). */
final class SagaStore {

    private final String url;
    private final String user;
    private final String password;

    SagaStore(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** Phase (lower case) of each named environment that exists. */
    Map<String, String> phases(Collection<String> names) {
        Map<String, String> phases = new HashMap<>();
        query("select name, phase from environments where name = any(?)", names,
                rs -> phases.put(rs.getString(1), rs.getString(2).toLowerCase()));
        return phases;
    }

    /** Step statuses of each named environment, e.g. {@code dns -> RELEASED}. */
    Map<String, Map<String, String>> steps(Collection<String> names) {
        Map<String, Map<String, String>> steps = new HashMap<>();
        query("select environment, step, status from environment_steps where environment = any(?)", names,
                rs -> steps.computeIfAbsent(rs.getString(1), n -> new HashMap<>()).put(rs.getString(2), rs.getString(3)));
        return steps;
    }

    /** The saga ids the orchestrators sent a command for (requested, rollback, deletion), per the audit. */
    Set<String> commandedSagas(Collection<String> names) {
        Set<String> sagas = new HashSet<>();
        // on any cluster but the default one the routing key ends with the cluster: environment.requested.production
        query("select distinct saga_id from audit_messages where subject = any(?)"
                + " and routing_key ~ '^environment\\.(requested|rollback-requested|deletion-requested)(\\.|$)'", names,
                rs -> sagas.add(rs.getString(1)));
        return sagas;
    }

    /** The environments the orchestrators sent {@code environment.requested} for, per the audit. */
    Set<String> requested(Collection<String> names) {
        Set<String> requested = new HashSet<>();
        query("select distinct subject from audit_messages where subject = any(?)"
                + " and (routing_key = 'environment.requested' or routing_key like 'environment.requested.%')", names,
                rs -> requested.add(rs.getString(1)));
        return requested;
    }

    /** The named environments with a step that missed its deadline (the saga's reason {@code timed out after ...}). */
    Set<String> timedOut(Collection<String> names) {
        Set<String> timedOut = new HashSet<>();
        query("select distinct environment from environment_steps where environment = any(?) and reason like '%timed out after%'", names,
                rs -> timedOut.add(rs.getString(1)));
        return timedOut;
    }

    /** Which of these message ids the audit holds. */
    Set<String> audited(Collection<String> messageIds) {
        Set<String> found = new HashSet<>();
        query("select distinct message_id from audit_messages where message_id = any(?)", messageIds, rs -> found.add(rs.getString(1)));
        return found;
    }

    interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Collection<String> values, Row row) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             PreparedStatement statement = connection.prepareStatement(sql)) {
            java.sql.Array array = connection.createArrayOf("varchar", values.toArray());
            for (int i = 1; i <= statement.getParameterMetaData().getParameterCount(); i++) {
                statement.setArray(i, array);
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    row.accept(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    static List<String> sorted(Collection<String> values) {
        return values.stream().sorted().toList();
    }
}

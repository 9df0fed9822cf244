package io.envsaga.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envsaga.participant.StepFailure;
import io.envsaga.simulation.operators.PrivatePostgres;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bootstrap against a real PostgreSQL that checks passwords (a private server: the shared
 * one trusts every local login), logged in as the pod's administrative superuser would be.
 */
class PostgresBootstrapTest {

    static final String ADMIN = "envsaga_admin";
    static final String PASSWORD = "Gen3ratedPassw0rdOf32Characters1";
    static PrivatePostgres server;
    final PostgresBootstrap bootstrap = new PostgresBootstrap(5);

    @BeforeAll
    static void start() {
        server = new PrivatePostgres(ADMIN, PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void createsEachDatabaseOwnedByARoleOfItsNameAndASecondRunChangesNothing() throws SQLException {
        List<String> databases = List.of("skkuding", "plag_checks");

        List<String> first = bootstrap.run("codedang-stage-postgres", server.address(), ADMIN, PASSWORD, databases);
        long[] oids = {oid("skkuding"), oid("plag_checks")};
        List<String> second = bootstrap.run("codedang-stage-postgres", server.address(), ADMIN, PASSWORD, databases);

        assertThat(first).containsExactly("role skkuding", "database skkuding", "role plag_checks", "database plag_checks");
        assertThat(second).isEmpty();
        assertThat(new long[] {oid("skkuding"), oid("plag_checks")}).isEqualTo(oids);
        assertThat(query("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'skkuding'")).isEqualTo("skkuding");
        assertThat(query("SELECT rolcanlogin::text FROM pg_roles WHERE rolname = 'plag_checks'")).isEqualTo("false");
    }

    /**
     * Issue 26, class 7: two environments' administrative users on one server (CREATEROLE, not
     * superusers, as the shared simulated server had them): B names A's database. Before, B granted
     * itself A's role (PostgreSQL 15 lets CREATEROLE grant any role), could read A's data, and its
     * delete dropped A's database.
     */
    @Test
    void anotherEnvironmentsRoleAndDatabaseAreRefusedNotTakenOver() throws SQLException {
        execute("CREATE ROLE env_a LOGIN CREATEDB CREATEROLE PASSWORD '" + PASSWORD + "'");
        execute("CREATE ROLE env_b LOGIN CREATEDB CREATEROLE PASSWORD '" + PASSWORD + "'");
        assertThat(bootstrap.run("a-postgres", server.address(), "env_a", PASSWORD, List.of("shop")))
                .containsExactly("role shop", "membership in shop", "database shop");

        assertThatThrownBy(() -> bootstrap.run("b-postgres", server.address(), "env_b", PASSWORD, List.of("shop")))
                .isInstanceOf(StepFailure.class)
                .hasMessage("PostgreSQL b-postgres: role 'shop' exists and was not made by this environment's administrative user"
                        + " (it is not a member of it): refusing to make itself a member of it; database 'shop' needs a name of its own")
                .satisfies(e -> assertThat(((StepFailure) e).retryable()).isFalse());
        assertThat(query("SELECT pg_has_role('env_b', 'shop', 'MEMBER')::text")).isEqualTo("false");

        // a database of A under a name B's role could get: B makes the role, but not the database its own
        execute("CREATE DATABASE ledger OWNER env_a");
        assertThatThrownBy(() -> bootstrap.run("b-postgres", server.address(), "env_b", PASSWORD, List.of("ledger")))
                .isInstanceOf(StepFailure.class)
                .hasMessage("PostgreSQL b-postgres: database 'ledger' exists and belongs to 'env_a', neither its role nor this"
                        + " environment's administrative user: refusing to take it over");
        assertThat(query("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'ledger'")).isEqualTo("env_a");
        // A's own runs still change nothing
        assertThat(bootstrap.run("a-postgres", server.address(), "env_a", PASSWORD, List.of("shop"))).isEmpty();
    }

    @Test
    void aDatabaseOfTheAdministrativeUserIsGivenToItsRole() throws SQLException {
        execute("CREATE DATABASE judge_results");

        assertThat(bootstrap.run("p", server.address(), ADMIN, PASSWORD, List.of("judge_results")))
                .containsExactly("role judge_results", "owner of database judge_results");
        assertThat(query("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'judge_results'")).isEqualTo("judge_results");
    }

    @Test
    void aWrongPasswordFailsWithTheDriversMessageOnOneLine() {
        String wrong = "WrongPassword0000000000000000000";
        assertThatThrownBy(() -> bootstrap.run("codedang-stage-postgres", server.address(), ADMIN, wrong, List.of("skkuding")))
                .isInstanceOf(StepFailure.class)
                .hasMessage("PostgreSQL codedang-stage-postgres: FATAL: password authentication failed for user \"" + ADMIN + "\"")
                .satisfies(e -> assertThat(((StepFailure) e).retryable()).isFalse());
    }

    @Test
    void anUnreachableServerFailsRetryablyWithTheDriversMessage() {
        assertThatThrownBy(() -> bootstrap.run("p", new InetSocketAddress("127.0.0.1", 1), ADMIN, PASSWORD, List.of("skkuding")))
                .isInstanceOf(StepFailure.class)
                .hasMessageStartingWith("PostgreSQL p: Connection to 127.0.0.1:1 refused")
                .hasMessageNotContaining("\n")
                .satisfies(e -> assertThat(((StepFailure) e).retryable()).isTrue());
    }

    @Test
    void identifiersAreQuoted() {
        assertThat(PostgresBootstrap.quote("a\"b")).isEqualTo("\"a\"\"b\"");
    }

    private static long oid(String database) throws SQLException {
        return Long.parseLong(query("SELECT oid::text FROM pg_database WHERE datname = '" + database + "'"));
    }

    private static String query(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), ADMIN, PASSWORD);
             Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), ADMIN, PASSWORD); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

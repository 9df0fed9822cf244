package io.envsaga.orchestrator.tenancy;

import io.envsaga.orchestrator.saga.SagaState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What each submitter has submitted under a key of its own (table {@code submission_keys}), written
 * in the transaction that submits: the intake's message ids and the REST API's Idempotency-Keys.
 * The same key again is the same submission, whether the broker redelivered a message, a CI job
 * published it again after a lost confirm, or a client sent a request again after a lost answer.
 * Keyed by the authenticated submitter, so that one identity cannot make another's submissions
 * look like duplicates by using its keys; and by origin, so that a broker user and a REST identity
 * of the same name never share keys.
 */
@Repository
public class SubmissionKeys {

    /** Longer keys are not remembered (the intake) or refused (the API): the column has a limit. */
    public static final int MAX_KEY_LENGTH = 255;

    /** Where a key comes from; its own namespace. */
    public enum Origin {
        INTAKE("intake"), API("api");

        private final String column;

        Origin(String column) {
            this.column = column;
        }
    }

    /** The first submission under an API key: its request's fingerprint and its answer. */
    public record First(String environment, String requestSha256, Long generation, String sagaId, String phase) {
    }

    private final JdbcClient jdbc;

    public SubmissionKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Takes the key for a submission: true the first time, false when this submitter has used it
     * before (on PostgreSQL a concurrent holder of the same key is waited for until it commits).
     *
     * @param requestSha256 the request's fingerprint (the API), or null (the intake)
     */
    public boolean take(Origin origin, String submitter, String key, String requestSha256, String environment, Instant now) {
        return jdbc.sql("""
                insert into submission_keys (origin, submitter, submission_key, environment, request_sha256, received_at)
                values (?, ?, ?, ?, ?, ?) on conflict do nothing
                """).params(origin.column, bounded(submitter), key, environment, requestSha256, Timestamp.from(now)).update() == 1;
    }

    /** Remembers the answer to the submission that took the key, in the same transaction. */
    public void answered(Origin origin, String submitter, String key, SagaState state) {
        jdbc.sql("update submission_keys set generation = ?, saga_id = ?, phase = ? where origin = ? and submitter = ? and submission_key = ?")
                .params(state.generation(), state.sagaId(), state.phase().name().toLowerCase(), origin.column, bounded(submitter), key)
                .update();
    }

    public Optional<First> first(Origin origin, String submitter, String key) {
        return jdbc.sql("""
                select environment, request_sha256, generation, saga_id, phase from submission_keys
                where origin = ? and submitter = ? and submission_key = ?
                """).params(origin.column, bounded(submitter), key)
                .query((rs, n) -> new First(rs.getString(1), rs.getString(2), rs.getObject(3, Long.class), rs.getString(4), rs.getString(5)))
                .optional();
    }

    /** Forgets keys taken before {@code before}; the number forgotten. */
    public int forgetBefore(Instant before) {
        return jdbc.sql("delete from submission_keys where received_at < ?").param(Timestamp.from(before)).update();
    }

    /** A submitter's name as stored: a name too long for the column by its SHA-256 (no REST identity starts with "sha256:"). */
    static String bounded(String submitter) {
        String name = submitter == null ? "" : submitter;
        return name.length() <= MAX_KEY_LENGTH ? name : "sha256:" + sha256(name.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

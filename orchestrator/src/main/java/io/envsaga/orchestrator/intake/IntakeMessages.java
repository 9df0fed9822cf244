package io.envsaga.orchestrator.intake;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The intake's memory of what it has taken, by the broker-validated submitter and the message id,
 * written in the transaction that submits: the same message again is a duplicate, whether the
 * broker redelivered it (the orchestrator stopped between commit and acknowledgement) or the
 * submitter published it again (a lost confirm). Keyed by submitter as well, so that one CI
 * identity cannot make another's submissions look like duplicates by using its message ids.
 */
@Repository
public class IntakeMessages {

    /** Longer ids are not remembered (nothing legitimate sends them; the column has a limit). */
    static final int MAX_ID_LENGTH = 255;

    private final JdbcClient jdbc;

    public IntakeMessages(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** True the first time; false when this submitter's message id was taken before. A message without an id is always new. */
    boolean first(String submitter, String messageId, String environment, Instant now) {
        if (messageId == null || messageId.isBlank() || messageId.length() > MAX_ID_LENGTH) {
            return true;
        }
        return jdbc.sql("""
                insert into intake_messages (submitter, message_id, environment, received_at) values (?, ?, ?, ?)
                on conflict do nothing
                """).params(submitter == null ? "" : submitter, messageId, environment, Timestamp.from(now)).update() == 1;
    }

    /** Forgets ids taken before {@code before}; the number forgotten. */
    public int forgetBefore(Instant before) {
        return jdbc.sql("delete from intake_messages where received_at < ?").param(Timestamp.from(before)).update();
    }
}

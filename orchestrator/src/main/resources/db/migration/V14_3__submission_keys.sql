-- What a submitter has submitted under a key of its own, from either way in (issue: REST
-- idempotency key). Generalises intake_messages (V14_2): the intake remembers a message id, the
-- REST API an Idempotency-Key, both by the authenticated submitter and in the submitting
-- transaction, so that a submission sent again starts no second generation. `origin` keeps the
-- two namespaces apart (a broker user and a REST identity of the same name never share keys).
-- A REST key also remembers its request (SHA-256 of method, path and body) and its first answer,
-- so that a retry is answered like the first and the same key for another request is refused.
-- Purged with the audit's retention (RetentionPurge).
create table submission_keys (
    origin         varchar(8)   not null,   -- intake | api
    submitter      varchar(255) not null,   -- the broker user, or the REST identity (token:<name>, jwt:<repository>)
    submission_key varchar(255) not null,   -- the message id, or the Idempotency-Key
    environment    varchar(40)  not null,
    request_sha256 varchar(64),             -- api only
    generation     bigint,                  -- api only: the first answer
    saga_id        varchar(100),
    phase          varchar(20),
    received_at    timestamp with time zone not null,
    primary key (origin, submitter, submission_key)
);

create index submission_keys_received_at on submission_keys (received_at);

insert into submission_keys (origin, submitter, submission_key, environment, received_at)
    select 'intake', submitter, message_id, environment, received_at from intake_messages;

drop table intake_messages;

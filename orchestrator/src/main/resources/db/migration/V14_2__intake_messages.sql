-- Submissions taken from the intake exchange, by submitter and message id: a message delivered
-- again (a redelivery after a crash, a CI job publishing again after a lost confirm) starts no
-- second generation. Purged with the audit's retention.
create table intake_messages (
    submitter   varchar(255) not null,
    message_id  varchar(255) not null,
    environment varchar(40)  not null,
    received_at timestamp with time zone not null,
    primary key (submitter, message_id)
);

create index intake_messages_received_at on intake_messages (received_at);

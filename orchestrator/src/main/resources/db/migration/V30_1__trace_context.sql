-- Tracing (issue 30): one trace per saga generation (docs/operations.md, "Tracing").
-- An outbox row keeps the W3C trace context of the span that decided it (the submission, or the
-- handling of a step's answer), so that the dispatcher thread publishes it in the same trace.
-- Null in rows written before, or when nothing was traced: such a message starts a trace of its own.
alter table outbox add column traceparent varchar(55);
alter table outbox add column tracestate varchar(512);

-- The trace of the environment's current generation (its saga), for GET and the page.
alter table environments add column trace_id varchar(32);

-- Which environment claims which host (issue 11): an ingress serves only claimed hosts, and a
-- host held by a live environment cannot be claimed by another.
create table host_claims (
    host        varchar(253) primary key,
    environment varchar(40)  not null,
    claimed_at  timestamp with time zone not null
);

create index host_claims_environment on host_claims (environment);

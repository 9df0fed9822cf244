-- What each identity holds, for its quota (issue 26, docs/security.md "Quotas"): per environment,
-- the identity that submitted its current generation and its workloads' requests in total
-- (millicores, bytes). Written in the submitting transaction, under the environment's lock; an
-- environment counts while its row in `environments` is not deleted (joined at the check), so
-- a deletion needs no bookkeeping here.
create table quota_holdings (
    environment  varchar(40)  primary key,
    identity     varchar(255) not null,
    cpu_millis   bigint       not null,
    memory_bytes bigint       not null
);

create index quota_holdings_identity on quota_holdings (identity);

-- One row per identity with a quota, locked (select ... for update) by each of its submissions
-- while it counts and takes: two submissions of one identity to two environments (two
-- environment locks) are counted one after the other, never both against the same total.
create table quota_identities (
    identity varchar(255) primary key
);

-- Expiry (issue 28, docs/orchestrator.md "Expiry"): per environment, the clock of its expiry and
-- when it expires, written under the environment's lock by every change of its saga (ExpiryClock),
-- read by the sweep of every replica (ExpirySweep), which warns and deletes under the same lock.
create table environment_expiry (
    environment       varchar(40)  primary key,
    generation        bigint       not null,   -- the last generation a submitter asked for (the saga's own restore is not one)
    submitted_at      timestamp with time zone not null,
    applied_at        timestamp with time zone,  -- when that generation became ready; null until then
    expires_at        timestamp with time zone,  -- null: it never expires
    expiry_limit      varchar(10),               -- ttl | idleAfter: the limit that expires first
    expiry_after      varchar(20),               -- the limit as the spec writes it, e.g. 28d
    expiry_since      timestamp with time zone,  -- where its clock starts
    expiry_origin     varchar(100),              -- spec.expiry.ttl, or the setting of the tier's default
    warned_generation bigint       not null default 0   -- environment.expiring is published once per generation
);

create index environment_expiry_expires_at on environment_expiry (expires_at);

-- The cap on live previews (docs/security.md, "Caps on previews"): the tier and the cluster of each
-- holding, written by every submission; null for a holding written before, counted from its next apply.
alter table quota_holdings add column tier varchar(20);
alter table quota_holdings add column cluster varchar(63);
create index quota_holdings_tier_cluster on quota_holdings (tier, cluster);

-- One row per cluster with a cap, locked (select ... for update) by each submission of a new
-- preview on it while it counts: two previews submitted at once are counted one after the other.
create table preview_cluster_locks (
    cluster varchar(63) primary key
);

-- Clusters (issue 27): the cluster of the environment an outgoing event is about. A command's
-- routing key carries it, so that only that cluster's step services receive it (docs/clusters.md).
-- Null for rows written before: they go out as the default cluster's, as they would have.
alter table outbox add column cluster varchar(63);

package io.envsaga.dns.plan;

import java.util.List;

/** What the planner decided for one request: changes (possibly none), or a refusal naming the records. */
public sealed interface Plan {

    record Changes(List<HostChange> hosts) implements Plan {
        public Changes {
            hosts = List.copyOf(hosts);
        }

        public boolean isEmpty() {
            return hosts.isEmpty();
        }

        public List<RecordChange> all() {
            return hosts.stream().flatMap(h -> h.changes().stream()).toList();
        }
    }

    record Refused(String reason) implements Plan {
    }
}

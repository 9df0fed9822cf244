package io.envsaga.dns.plan;

/** One change of a change batch. */
public record RecordChange(Action action, DnsRecord record) {

    public enum Action {
        /** Fails at Route53 if the record exists: used for names nobody owns, so a record made meanwhile is never overwritten. */
        CREATE,
        /** Creates or replaces: used only for records envsaga owns. */
        UPSERT,
        /** Needs the current TTL and values exactly. */
        DELETE
    }

    public static RecordChange create(DnsRecord record) {
        return new RecordChange(Action.CREATE, record);
    }

    public static RecordChange upsert(DnsRecord record) {
        return new RecordChange(Action.UPSERT, record);
    }

    public static RecordChange delete(DnsRecord record) {
        return new RecordChange(Action.DELETE, record);
    }

    /** Resource records this change counts for against Route53's limit of a batch (UPSERT counts twice). */
    public int recordWeight() {
        return weight() * record.values().size();
    }

    /** Value characters this change counts for (UPSERT counts twice). */
    public int characterWeight() {
        return weight() * record.valueCharacters();
    }

    private int weight() {
        return action == Action.UPSERT ? 2 : 1;
    }

    @Override
    public String toString() {
        return action + " " + record.host() + " " + record.type() + " " + record.ttl() + " " + record.values();
    }
}

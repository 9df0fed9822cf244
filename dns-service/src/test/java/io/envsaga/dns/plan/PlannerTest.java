package io.envsaga.dns.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The planner alone: explicit expected change lists, no I/O. */
class PlannerTest {

    private static final List<String> IPS = List.of("203.0.113.11", "203.0.113.10");
    private static final String ZONE = "codedang.com";

    @Test
    void aNewHostGetsItsOwnershipTxtAndItsARecordBothCreated() {
        Plan plan = Planner.apply(desired("codedang-stage", 300, "stage.codedang.com"), IPS, zone());

        assertThat(changes(plan)).containsExactly(
                "CREATE _envsaga.stage.codedang.com TXT 300 [\"heritage=envsaga,envsaga/owner=envsaga,envsaga/environment=codedang-stage,envsaga/generation=1\"]",
                "CREATE stage.codedang.com A 300 [203.0.113.10, 203.0.113.11]");
        assertThat(((Plan.Changes) plan).hosts()).singleElement().satisfies(h -> assertThat(h.changes()).hasSize(2));
    }

    @Test
    void anOwnedHostThatIsAlreadyRightNeedsNothing() {
        ZoneState state = zone(own("stage.codedang.com", "codedang-stage"), DnsRecord.a("stage.codedang.com", 300, IPS));

        assertThat(changes(Planner.apply(desired("codedang-stage", 300, "stage.codedang.com"), IPS, state))).isEmpty();
    }

    @Test
    void anOwnedHostWithOtherAddressesOrTtlIsUpserted() {
        ZoneState state = zone(own("stage.codedang.com", "codedang-stage"), DnsRecord.a("stage.codedang.com", 300, List.of("198.51.100.1")));

        assertThat(changes(Planner.apply(desired("codedang-stage", 600, "stage.codedang.com"), IPS, state)))
                .containsExactly("UPSERT stage.codedang.com A 600 [203.0.113.10, 203.0.113.11]");
    }

    @Test
    void anOwnedTxtWithoutItsARecordGetsTheRecordCreated() {
        ZoneState state = zone(own("stage.codedang.com", "codedang-stage"));

        assertThat(changes(Planner.apply(desired("codedang-stage", 300, "stage.codedang.com"), IPS, state)))
                .containsExactly("CREATE stage.codedang.com A 300 [203.0.113.10, 203.0.113.11]");
    }

    @Test
    void anUnownedExistingHostIsRefusedNamingTheRecord() {
        ZoneState state = zone(DnsRecord.a("codedang.com", 300, List.of("198.51.100.1")));

        Plan plan = Planner.apply(desired("codedang-production", 300, "codedang.com", "www.codedang.com"), IPS, state);

        assertThat(plan).isEqualTo(new Plan.Refused(
                "record codedang.com (A) exists and is not owned by envsaga (no TXT record _envsaga.codedang.com); it is left untouched"));
    }

    @Test
    void anyRecordTypeAtTheHostMakesItTaken() {
        ZoneState state = zone(new DnsRecord("app.codedang.com", "CNAME", 300, List.of("elsewhere.example.")));

        assertThat(Planner.apply(desired("app", 300, "app.codedang.com"), IPS, state))
                .isInstanceOfSatisfying(Plan.Refused.class, r -> assertThat(r.reason()).startsWith("record app.codedang.com (CNAME) exists"));
    }

    @Test
    void theApexWithOnlyTheZonesOwnNsAndSoaIsFreeAndAnNsBelowTheApexIsNot() {
        // every Route53 zone has NS and SOA at its apex from its creation: codedang-production's host is the apex
        ZoneState state = zone(new DnsRecord("codedang.com", "NS", 172800, List.of("ns-1.awsdns-00.com.")),
                new DnsRecord("codedang.com", "SOA", 900, List.of("ns-1.awsdns-00.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400")),
                new DnsRecord("delegated.codedang.com", "NS", 300, List.of("ns.elsewhere.example.")));

        assertThat(changes(Planner.apply(desired("codedang-production", 300, "codedang.com"), IPS, state))).containsExactly(
                "CREATE _envsaga.codedang.com TXT 300 [\"heritage=envsaga,envsaga/owner=envsaga,envsaga/environment=codedang-production,envsaga/generation=1\"]",
                "CREATE codedang.com A 300 [203.0.113.10, 203.0.113.11]");
        assertThat(Planner.apply(desired("app", 300, "delegated.codedang.com"), IPS, state)).isInstanceOfSatisfying(Plan.Refused.class,
                r -> assertThat(r.reason()).startsWith("record delegated.codedang.com (NS) exists"));
    }

    @Test
    void aHostOwnedByAnotherEnvironmentIsRefused() {
        ZoneState state = zone(own("stage.codedang.com", "codedang-stage"), DnsRecord.a("stage.codedang.com", 300, IPS));

        assertThat(Planner.apply(desired("intruder", 300, "stage.codedang.com"), IPS, state))
                .isEqualTo(new Plan.Refused("record stage.codedang.com is owned by environment 'codedang-stage'"));
    }

    @Test
    void aForeignTxtAtTheRegistryNameIsRefused() {
        ZoneState state = zone(new DnsRecord("_envsaga.stage.codedang.com", "TXT", 300, List.of("\"something else\"")));

        assertThat(Planner.apply(desired("codedang-stage", 300, "stage.codedang.com"), IPS, state))
                .isInstanceOfSatisfying(Plan.Refused.class, r -> assertThat(r.reason())
                        .isEqualTo("record _envsaga.stage.codedang.com (TXT) exists and is not an envsaga ownership record, so stage.codedang.com is not envsaga's"));
    }

    @Test
    void hostsTheEnvironmentNoLongerAsksForAreRemoved() {
        ZoneState state = zone(own("old.codedang.com", "pr-1"), DnsRecord.a("old.codedang.com", 300, IPS));

        assertThat(changes(Planner.apply(desired("pr-1", 300, "new.codedang.com"), IPS, state))).containsExactly(
                "CREATE _envsaga.new.codedang.com TXT 300 [\"heritage=envsaga,envsaga/owner=envsaga,envsaga/environment=pr-1,envsaga/generation=1\"]",
                "CREATE new.codedang.com A 300 [203.0.113.10, 203.0.113.11]",
                "DELETE old.codedang.com A 300 [203.0.113.10, 203.0.113.11]",
                "DELETE _envsaga.old.codedang.com TXT 300 [\"heritage=envsaga,envsaga/owner=envsaga,envsaga/environment=pr-1,envsaga/generation=1\"]");
    }

    @Test
    void withoutNodeAddressesNothingIsPlanned() {
        assertThat(Planner.apply(desired("pr-1", 300, "pr-1.codedang.com"), List.of(), zone())).isInstanceOf(Plan.Refused.class);
    }

    @Test
    void releaseDeletesExactlyTheEnvironmentsRecordsAndTheirTxt() {
        ZoneState state = zone(
                own("pr-1.codedang.com", "pr-1"), DnsRecord.a("pr-1.codedang.com", 300, IPS),
                own("api.pr-1.codedang.com", "pr-1"), DnsRecord.a("api.pr-1.codedang.com", 60, IPS),
                own("pr-2.codedang.com", "pr-2"), DnsRecord.a("pr-2.codedang.com", 300, IPS),
                DnsRecord.a("codedang.com", 300, List.of("198.51.100.1")),
                new DnsRecord("pr-1.codedang.com", "MX", 300, List.of("10 mail.example.")));

        assertThat(changes(Planner.release("pr-1", state))).containsExactlyInAnyOrder(
                "DELETE pr-1.codedang.com A 300 [203.0.113.10, 203.0.113.11]",
                "DELETE _envsaga.pr-1.codedang.com TXT 300 [\"heritage=envsaga,envsaga/owner=envsaga,envsaga/environment=pr-1,envsaga/generation=1\"]",
                "DELETE api.pr-1.codedang.com A 60 [203.0.113.10, 203.0.113.11]",
                "DELETE _envsaga.api.pr-1.codedang.com TXT 300 [\"heritage=envsaga,envsaga/owner=envsaga,envsaga/environment=pr-1,envsaga/generation=1\"]");
        assertThat(changes(Planner.release("nobody", state))).isEmpty();
    }

    @Test
    void resyncPointsEveryOwnedRecordAtTheNewAddressesKeepingItsTtl() {
        ZoneState state = zone(
                own("pr-1.codedang.com", "pr-1"), DnsRecord.a("pr-1.codedang.com", 300, IPS),
                own("pr-2.codedang.com", "pr-2"), DnsRecord.a("pr-2.codedang.com", 60, IPS),
                DnsRecord.a("codedang.com", 300, List.of("198.51.100.1")));

        assertThat(changes(Planner.resync(List.of("203.0.113.20"), state))).containsExactlyInAnyOrder(
                "UPSERT pr-1.codedang.com A 300 [203.0.113.20]",
                "UPSERT pr-2.codedang.com A 60 [203.0.113.20]");
        assertThat(changes(Planner.resync(IPS, state))).isEmpty();
        assertThat(changes(Planner.resync(List.of(), state))).isEmpty();
    }

    @Test
    void ownershipValuesRoundTripAndForeignOnesAreNotOwnership() {
        Ownership.Owner owner = new Ownership.Owner("envsaga", "codedang-stage", 4);
        assertThat(Ownership.value(owner)).isEqualTo("\"heritage=envsaga,envsaga/owner=envsaga,envsaga/environment=codedang-stage,envsaga/generation=4\"");
        assertThat(Ownership.ownerOf(Ownership.record("x.codedang.com", owner, 300))).contains(owner);
        assertThat(Ownership.ownerOf(new DnsRecord("_envsaga.x.codedang.com", "TXT", 300, List.of("\"heritage=envsaga,envsaga/environment=pr-7\""))))
                .as("written before owner ids and generations").contains(new Ownership.Owner("envsaga", "pr-7", 0));
        assertThat(Ownership.ownerOf(new DnsRecord("_envsaga.x.codedang.com", "TXT", 300, List.of("\"heritage=external-dns,external-dns/owner=default\"")))).isEmpty();
        assertThat(Ownership.ownerOf(new DnsRecord("_envsaga.x.codedang.com", "TXT", 300, List.of("\"heritage=envsaga\"")))).isEmpty();
        assertThat(Ownership.hostOf("_envsaga.x.codedang.com.")).contains("x.codedang.com.");
        assertThat(Ownership.hostOf("x.codedang.com.")).isEmpty();
    }

    @Test
    void anOlderGenerationNeverOverwritesANewerOne() {
        ZoneState state = zone(own("pr-1.codedang.com", "envsaga", "pr-1", 5), DnsRecord.a("pr-1.codedang.com", 300, List.of("198.51.100.1")));

        assertThat(Planner.apply(new Planner.Desired("pr-1", ZONE, List.of("pr-1.codedang.com"), 300, "envsaga", 4), IPS, state))
                .isEqualTo(new Plan.Refused("record pr-1.codedang.com was written by generation 5; generation 4 does not overwrite it"));
        assertThat(changes(Planner.apply(new Planner.Desired("pr-1", ZONE, List.of("pr-1.codedang.com"), 300, "envsaga", 6), IPS, state)))
                .as("a newer generation stamps the ownership record with itself").containsExactly(
                        "UPSERT _envsaga.pr-1.codedang.com TXT 300 [\"heritage=envsaga,envsaga/owner=envsaga,envsaga/environment=pr-1,envsaga/generation=6\"]",
                        "UPSERT pr-1.codedang.com A 300 [203.0.113.10, 203.0.113.11]");
        ZoneState unchanged = zone(own("pr-1.codedang.com", "envsaga", "pr-1", 5), DnsRecord.a("pr-1.codedang.com", 300, IPS));
        assertThat(changes(Planner.apply(new Planner.Desired("pr-1", ZONE, List.of("pr-1.codedang.com"), 300, "envsaga", 6), IPS, unchanged)))
                .as("a generation that changes nothing costs nothing").isEmpty();
        assertThat(changes(Planner.release("envsaga", "pr-1", 4, state))).as("a late rollback of generation 4 leaves generation 5's").isEmpty();
        assertThat(changes(Planner.release("envsaga", "pr-1", 5, state))).hasSize(2);
    }

    @Test
    void anotherInstallationsRecordsAreNeverTouched() {
        ZoneState state = zone(
                own("pr-1.codedang.com", "other", "pr-1", 1), DnsRecord.a("pr-1.codedang.com", 300, IPS),
                own("pr-2.codedang.com", "envsaga", "pr-2", 1), DnsRecord.a("pr-2.codedang.com", 300, IPS));

        assertThat(Planner.apply(desired("pr-1", 300, "pr-1.codedang.com"), IPS, state))
                .isEqualTo(new Plan.Refused("record pr-1.codedang.com is owned by another envsaga installation, 'other'"));
        assertThat(changes(Planner.release("envsaga", "pr-1", Long.MAX_VALUE, state))).isEmpty();
        assertThat(changes(Planner.resync("envsaga", List.of("203.0.113.20"), state)))
                .containsExactly("UPSERT pr-2.codedang.com A 300 [203.0.113.20]");
    }

    private static Planner.Desired desired(String environment, long ttl, String... hosts) {
        return new Planner.Desired(environment, ZONE, List.of(hosts), ttl);
    }

    private static DnsRecord own(String host, String environment) {
        return own(host, "envsaga", environment, 1);
    }

    private static DnsRecord own(String host, String installation, String environment, long generation) {
        return Ownership.record(host, new Ownership.Owner(installation, environment, generation), 300);
    }

    private static ZoneState zone(DnsRecord... records) {
        List<DnsRecord> all = new ArrayList<>(List.of(
                new DnsRecord(ZONE, "SOA", 900, List.of("ns-1.example. hostmaster.example. 1 7200 900 1209600 86400")),
                new DnsRecord(ZONE, "NS", 172800, List.of("ns-1.example."))));
        all.addAll(List.of(records));
        return ZoneState.of(ZONE, all);
    }

    private static List<String> changes(Plan plan) {
        assertThat(plan).isInstanceOf(Plan.Changes.class);
        return ((Plan.Changes) plan).all().stream().map(RecordChange::toString).toList();
    }
}

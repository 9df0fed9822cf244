package io.envsaga.dns.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.envsaga.dns.plan.DnsRecord;
import io.envsaga.dns.plan.HostChange;
import io.envsaga.dns.plan.Ownership;
import io.envsaga.dns.plan.RecordChange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchPackerTest {

    private static final List<String> IPS = List.of("203.0.113.10", "203.0.113.11", "203.0.113.12");

    @Test
    void hundredEnvironmentsFitInOneBatch() {
        List<BatchPacker.Slice<String>> requests = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            requests.add(new BatchPacker.Slice<>("pr-" + i, List.of(newHost("pr-" + i))));
        }

        List<List<BatchPacker.Slice<String>>> batches = BatchPacker.pack(requests, BatchPacker.Limits.ROUTE53);

        assertThat(batches).hasSize(1);
        assertThat(batches.get(0)).hasSize(100);
    }

    @Test
    void theRecordLimitStartsANewBatchAndAHostsRecordAndTxtStayTogether() {
        // each new host: 1 TXT + 3 A values = 4 records; a limit of 10 holds two hosts
        List<BatchPacker.Slice<String>> requests = List.of(
                new BatchPacker.Slice<>("a", List.of(newHost("a1"), newHost("a2"), newHost("a3"))),
                new BatchPacker.Slice<>("b", List.of(newHost("b1"))));

        List<List<BatchPacker.Slice<String>>> batches = BatchPacker.pack(requests, new BatchPacker.Limits(10, 32_000));

        assertThat(batches).extracting(b -> b.stream().map(s -> s.owner() + ":" + s.hosts().size()).toList())
                .containsExactly(List.of("a:2"), List.of("a:1", "b:1"));
        batches.forEach(b -> b.forEach(s -> s.hosts().forEach(h -> assertThat(h.changes()).hasSize(2))));
    }

    @Test
    void upsertsCountTwiceAgainstTheLimits() {
        HostChange upsert = new HostChange("x.codedang.com.", List.of(RecordChange.upsert(DnsRecord.a("x.codedang.com", 300, IPS))));
        assertThat(upsert.recordWeight()).isEqualTo(6);
        assertThat(upsert.characterWeight()).isEqualTo(2 * 3 * "203.0.113.10".length());

        List<List<BatchPacker.Slice<String>>> batches = BatchPacker.pack(List.of(
                new BatchPacker.Slice<>("a", List.of(upsert)),
                new BatchPacker.Slice<>("b", List.of(new HostChange("y.codedang.com.", List.of(RecordChange.upsert(DnsRecord.a("y.codedang.com", 300, IPS))))))),
                new BatchPacker.Limits(11, 32_000));
        assertThat(batches).hasSize(2);
    }

    @Test
    void theCharacterLimitStartsANewBatch() {
        List<List<BatchPacker.Slice<String>>> batches = BatchPacker.pack(List.of(
                new BatchPacker.Slice<>("a", List.of(newHost("a"))), new BatchPacker.Slice<>("b", List.of(newHost("b")))),
                new BatchPacker.Limits(1000, newHost("a").characterWeight() + 10));
        assertThat(batches).hasSize(2);
    }

    @Test
    void twoChangesOfTheSameRecordSetNeverShareABatch() {
        HostChange create = newHost("same");
        HostChange delete = new HostChange("same.codedang.com.", List.of(RecordChange.delete(DnsRecord.a("same.codedang.com", 300, IPS))));

        List<List<BatchPacker.Slice<String>>> batches = BatchPacker.pack(List.of(
                new BatchPacker.Slice<>("a", List.of(create)), new BatchPacker.Slice<>("b", List.of(delete))), BatchPacker.Limits.ROUTE53);

        assertThat(batches).hasSize(2);
    }

    private static HostChange newHost(String name) {
        String host = name + ".codedang.com";
        return new HostChange(host + ".", List.of(RecordChange.create(Ownership.record(host, new Ownership.Owner("envsaga", name, 1), 300)),
                RecordChange.create(DnsRecord.a(host, 300, IPS))));
    }
}

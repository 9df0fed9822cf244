package io.envsaga.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.envsaga.participant.StepFailure;
import io.envsaga.simulation.operators.S3Server;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 check against a real S3 API (S3Proxy in-process). */
class BucketCheckTest {

    static final String ACCESS_KEY = "WORKLOADKEY123456789";
    static final String SECRET_KEY = "workload-secret-key-0123456789012345678901";
    static S3Server server;
    final BucketCheck check = new BucketCheck(Duration.ofSeconds(10));

    @BeforeAll
    static void start() {
        server = new S3Server(ACCESS_KEY, SECRET_KEY);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void createsMissingBucketsOnceAndTheWorkloadsKeyWritesAndReadsInEach() {
        List<String> buckets = List.of("codedang-testcase", "codedang-media");

        assertThat(check.run("t", server.address(), ACCESS_KEY, SECRET_KEY, buckets)).containsExactlyElementsOf(buckets);
        assertThat(check.run("t", server.address(), ACCESS_KEY, SECRET_KEY, buckets)).isEmpty();

        try (S3Client s3 = BucketCheck.client(server.address(), ACCESS_KEY, SECRET_KEY, Duration.ofSeconds(10))) {
            for (String bucket : buckets) {
                assertThat(server.hasBucket(bucket)).isTrue();
                s3.putObject(b -> b.bucket(bucket).key("hello.txt"), RequestBody.fromString("hello " + bucket));
                assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("hello.txt")).asUtf8String()).isEqualTo("hello " + bucket);
            }
        }
    }

    @Test
    void aBucketDeletedBehindItsBackIsCreatedAgain() {
        check.run("t", server.address(), ACCESS_KEY, SECRET_KEY, List.of("codedang-plag-checks"));
        server.deleteBucket("codedang-plag-checks");

        assertThat(check.run("t", server.address(), ACCESS_KEY, SECRET_KEY, List.of("codedang-plag-checks"))).containsExactly("codedang-plag-checks");
        assertThat(server.hasBucket("codedang-plag-checks")).isTrue();
    }

    @Test
    void aWrongSecretKeyFailsWithS3sMessageAndNeverTheKey() {
        String wrong = "not-the-secret-key-but-long-enough-000000";
        assertThatThrownBy(() -> check.run("codedang-stage-minio", server.address(), ACCESS_KEY, wrong, List.of("codedang-media")))
                .isInstanceOf(StepFailure.class)
                .hasMessageStartingWith("MinIO codedang-stage-minio: ")
                .hasMessageContaining("403")
                .hasMessageNotContaining(wrong)
                .satisfies(e -> assertThat(((StepFailure) e).retryable()).isFalse())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void anUnreachableServerIsARetryableFailure() {
        assertThatThrownBy(() -> check.run("t", new InetSocketAddress("127.0.0.1", 1), ACCESS_KEY, SECRET_KEY, List.of("codedang-media")))
                .isInstanceOf(StepFailure.class)
                .satisfies(e -> assertThat(((StepFailure) e).retryable()).isTrue());
    }
}

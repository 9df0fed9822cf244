package io.envsaga.storage;

import io.envsaga.participant.StepFailure;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Checks MinIO through its S3 API with the workloads' own access key: every bucket of the spec
 * must be there, and one that is missing (deleted by hand, or not yet made by the operator) is
 * created. Path-style requests: the Service name is no bucket domain.
 */
public final class BucketCheck {

    private final Duration timeout;

    public BucketCheck(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * @return the buckets it had to create
     * @throws StepFailure with S3's one-line message (never a key): retryable when the server could not be reached
     */
    public List<String> run(String server, InetSocketAddress address, String accessKey, String secretKey, List<String> buckets) {
        List<String> created = new ArrayList<>();
        try (S3Client s3 = client(address, accessKey, secretKey, timeout)) {
            for (String bucket : buckets) {
                try {
                    s3.headBucket(b -> b.bucket(bucket));
                } catch (NoSuchBucketException e) {
                    s3.createBucket(b -> b.bucket(bucket));
                    created.add(bucket);
                }
            }
        } catch (S3Exception e) {
            String message = e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                    ? e.awsErrorDetails().errorMessage() : e.getMessage();
            throw new StepFailure("MinIO " + server + ": " + PostgresBootstrap.oneLine(message + " (HTTP " + e.statusCode() + ")", secretKey), false);
        } catch (SdkClientException e) {
            throw new StepFailure("MinIO " + server + ": " + PostgresBootstrap.oneLine(e.getMessage(), secretKey), true);
        } catch (SdkException e) {
            throw new StepFailure("MinIO " + server + ": " + PostgresBootstrap.oneLine(e.getMessage(), secretKey), true);
        }
        return created;
    }

    /** An S3 client for a MinIO endpoint (also what tests use to write and read as a workload would). */
    public static S3Client client(InetSocketAddress address, String accessKey, String secretKey, Duration timeout) {
        return S3Client.builder()
                .endpointOverride(URI.create("http://" + address.getHostString() + ":" + address.getPort()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                // checksums only where S3 requires them: MinIO and S3Proxy need not know the newer headers
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                // the step is retried as a whole; an unreachable server should say so at once
                .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout).build())
                .build();
    }
}

package io.envsaga.dns.route53;

import io.envsaga.simulation.route53.Route53Stub;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;

/** The real AWS SDK v2 client pointed at a {@link Route53Stub}, with dummy credentials and no SDK retries. */
public final class StubClients {

    private StubClients() {
    }

    public static Route53Client route53(Route53Stub stub) {
        return Route53Client.builder()
                .region(Region.AWS_GLOBAL)
                .endpointOverride(stub.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}

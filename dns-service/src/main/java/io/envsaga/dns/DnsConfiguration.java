package io.envsaga.dns;

import io.envsaga.contracts.bus.BusTopology;
import io.envsaga.contracts.events.Step;
import io.envsaga.dns.batch.ChangeBatcher;
import io.envsaga.dns.batch.ExecutorLease;
import io.envsaga.dns.nodes.ClusterNodeAddresses;
import io.envsaga.dns.nodes.NodeAddresses;
import io.envsaga.dns.nodes.StaticNodeAddresses;
import io.envsaga.dns.provider.DnsProvider;
import io.envsaga.dns.route53.RateLimiter;
import io.envsaga.dns.route53.Route53Dns;
import io.envsaga.participant.ParticipantProperties;
import io.envsaga.participant.StepConsumer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.Lifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.Route53ClientBuilder;

/** Wires the Route53 client, the rate limit, the node addresses and the batch executor. */
@Configuration(proxyBeanMethods = false)
public class DnsConfiguration {

    /** The participant library's consumer of the step queue. */
    static final String STEP_CONSUMER = StepConsumer.BEAN_NAME;

    private static final Logger log = LoggerFactory.getLogger(DnsConfiguration.class);

    @Bean(destroyMethod = "close")
    Route53Client route53Client(DnsProperties properties) {
        DnsProperties.Route53 config = properties.route53();
        Route53ClientBuilder builder = Route53Client.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                // our own retries: each attempt must pass the rate limit and be counted
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(config.callTimeout()));
        if (config.endpoint() != null) {
            builder.endpointOverride(config.endpoint());
        }
        return builder.build();
    }

    @Bean
    Route53Dns route53Dns(Route53Client client, DnsProperties properties) {
        if (properties.zones().isEmpty()) {
            throw new IllegalArgumentException("envsaga.dns.zones: list the hosted zones envsaga may manage");
        }
        return new Route53Dns(client, new RateLimiter(properties.rateLimit(), System::nanoTime),
                properties.retry().backoff(), properties.retry().maxAttempts());
    }

    @Bean(destroyMethod = "close")
    NodeAddresses nodeAddresses(DnsProperties properties) {
        DnsProperties.Nodes nodes = properties.nodes();
        if (!nodes.fromCluster()) {
            if (nodes.addresses().isEmpty()) {
                throw new IllegalArgumentException("envsaga.dns.nodes: set addresses, or from-cluster: true");
            }
            return new StaticNodeAddresses(nodes.addresses());
        }
        // fabric8's own chain decides credentials and TLS; the URL only points it elsewhere (never trust-all)
        Config chain = Config.autoConfigure(null);
        Config config = nodes.apiServerUrl() == null ? chain : new ConfigBuilder(chain).withMasterUrl(nodes.apiServerUrl()).build();
        // names the service in the API server's audit log (and in the RBAC evidence of the tests)
        config.setUserAgent("envsaga/dns-service");
        return new ClusterNodeAddresses(new KubernetesClientBuilder().withConfig(config).build());
    }

    /**
     * The owner id of the records it writes: {@code envsaga.dns.owner-id}, else the bus prefix, with
     * the cluster's name after it on any cluster but {@code default}. Per cluster, because a
     * dns-service re-points every record its owner id owns at its own nodes (resync): two clusters'
     * dns-services sharing one zone under one id would move each other's hosts (the chaos suite's
     * two clusters did, docs/clusters.md).
     */
    @Bean(destroyMethod = "close")
    ChangeBatcher changeBatcher(DnsProvider dns, NodeAddresses nodes, DnsProperties properties,
                                @org.springframework.beans.factory.annotation.Value("${envsaga.dns.owner-id:}") String ownerId,
                                @org.springframework.beans.factory.annotation.Value("${envsaga.bus.prefix:envsaga}") String busPrefix,
                                @org.springframework.beans.factory.annotation.Value("${envsaga.participant.cluster:default}") String cluster) {
        return new ChangeBatcher(dns, nodes, properties.batch(), properties.insync(), ownerId(ownerId, busPrefix, cluster));
    }

    static String ownerId(String configured, String busPrefix, String cluster) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return io.envsaga.contracts.events.ClusterRoute.DEFAULT.equals(cluster) ? busPrefix : busPrefix + "-" + cluster;
    }

    /**
     * When the node IPs change (and once they are first known), every managed record follows:
     * done by the executor only, and again by each replica that takes the executor lease over.
     */
    @Bean
    SmartInitializingSingleton resyncOnNodeAddresses(ChangeBatcher batcher, NodeAddresses nodes, DnsProperties properties,
                                                     ObjectProvider<ExecutorLease> leases) {
        return () -> {
            ExecutorLease lease = leases.getIfAvailable();
            Runnable resync = () -> properties.zones().forEach(zone -> batcher.submit(new ChangeBatcher.Resync(zone))
                    .whenComplete((outcome, error) -> {
                        if (error != null) {
                            log.warn("pointing the records of zone {} at {} failed: {}", zone, nodes.current(), error.getMessage());
                        } else if (outcome.changes() > 0) {
                            log.info("records of zone {} now point at {} ({} changes)", zone, outcome.addresses(), outcome.changes());
                        }
                    }));
            nodes.onChange(addresses -> {
                if (lease == null || lease.isHeld()) {
                    resync.run();
                }
            });
            if (lease != null) {
                lease.onAcquired(resync);
            }
        };
    }

    /** The step's consumer starts only with the executor lease (see {@link ExecutorLease}). */
    @Bean
    static BeanPostProcessor stepConsumerWaitsForTheLease(Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof StepConsumer consumer && STEP_CONSUMER.equals(name)
                        && environment.getProperty("envsaga.dns.executor.exclusive", Boolean.class, true)) {
                    consumer.setAutoStartup(false);
                }
                return bean;
            }
        };
    }

    @Bean
    @ConditionalOnProperty(name = "envsaga.dns.executor.exclusive", matchIfMissing = true)
    ExecutorLease executorLease(ConnectionFactory connectionFactory, BusTopology topology, DnsProperties properties,
                                ParticipantProperties participant, @Qualifier(STEP_CONSUMER) Lifecycle stepConsumer) {
        if (!(connectionFactory instanceof AbstractConnectionFactory factory)) {
            throw new IllegalStateException("envsaga.dns.executor.exclusive needs Spring AMQP's connection factory");
        }
        return new ExecutorLease(factory.getRabbitConnectionFactory(), topology.executorLease(Step.DNS, participant.cluster()), stepConsumer,
                properties.executor().takeoverInterval());
    }

    @Bean
    DnsStep dnsStep(DnsProperties properties, ChangeBatcher batcher) {
        return new DnsStep(properties, batcher);
    }
}

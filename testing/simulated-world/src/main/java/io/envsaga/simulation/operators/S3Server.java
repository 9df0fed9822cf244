package io.envsaga.simulation.operators;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 API in-process: S3Proxy over jclouds' filesystem store in a temporary directory, on a
 * free port of 127.0.0.1, accepting one access key (AWS signature v2 or v4).
 */
public final class S3Server implements AutoCloseable {

    private final Path directory;
    private final BlobStoreContext context;
    private final S3Proxy proxy;

    public S3Server(String accessKey, String secretKey) {
        try {
            directory = Files.createTempDirectory("envsaga-s3-");
            Properties properties = new Properties();
            properties.setProperty("jclouds.filesystem.basedir", directory.toString());
            context = ContextBuilder.newBuilder("filesystem").credentials("local", "local").overrides(properties)
                    .build(BlobStoreContext.class);
            proxy = S3Proxy.builder().blobStore(context.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey).build();
            proxy.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start: " + e.getMessage(), e);
        }
    }

    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", proxy.getPort());
    }

    /** Whether the bucket exists, seen from the store itself (not through S3). */
    public boolean hasBucket(String bucket) {
        return context.getBlobStore().containerExists(bucket);
    }

    /** Creates a bucket unless it exists (as the operator's CreateBuckets skips BucketAlreadyOwnedByYou). */
    public void createBucket(String bucket) {
        context.getBlobStore().createContainerInLocation(null, bucket);
    }

    /** Removes a bucket behind the API's back, as a person with the root key might. */
    public void deleteBucket(String bucket) {
        context.getBlobStore().deleteContainer(bucket);
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not stop: " + e.getMessage(), e);
        } finally {
            context.close();
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a temporary directory; nothing depends on it being gone
            }
        }
    }
}

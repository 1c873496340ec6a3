package dev.tributary.adapters.aws;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;

/** An in-JVM S3Proxy (the S3 protocol) keeping objects in memory, with a path-style client. */
public final class InJvmS3 implements AutoCloseable {
    private final S3Proxy proxy;
    private final URI endpoint;
    private final S3Client client;

    private InJvmS3(S3Proxy proxy, URI endpoint, S3Client client) {
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.client = client;
    }

    public static InJvmS3 start(ClientOverrideConfiguration overrides) {
        URI endpoint = URI.create("http://127.0.0.1:" + ElasticMq.freePort());
        S3Proxy proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore()).endpoint(endpoint)
                .awsAuthentication(AuthenticationType.NONE, null, null).build();
        try {
            proxy.start();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start", e);
        }
        S3Client client = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(ApacheHttpClient.builder()).overrideConfiguration(overrides).build();
        return new InJvmS3(proxy, endpoint, client);
    }

    public static InJvmS3 start() {
        return start(ClientOverrideConfiguration.builder().build());
    }

    public S3Client client() {
        return client;
    }

    public URI endpoint() {
        return endpoint;
    }

    public void createBuckets(String... names) {
        for (String name : names) {
            client.createBucket(b -> b.bucket(name));
        }
    }

    @Override
    public void close() throws Exception {
        client.close();
        proxy.stop();
    }
}

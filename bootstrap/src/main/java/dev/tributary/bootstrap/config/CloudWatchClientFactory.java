package dev.tributary.bootstrap.config;

import io.micronaut.aws.sdk.v2.service.AWSServiceConfiguration;
import io.micronaut.aws.sdk.v2.service.AwsClientFactory;
import io.micronaut.aws.ua.UserAgentProvider;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClientBuilder;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClientBuilder;

/**
 * The CloudWatch client as micronaut-aws-sdk-v2 builds its own (which has no CloudWatch metrics factory): the shared
 * region, credentials chain and HTTP client, {@code aws.services.monitoring.*}, closed with the context.
 */
@Factory
@Requires(env = "aws")
class CloudWatchClientFactory extends AwsClientFactory<CloudWatchClientBuilder, CloudWatchAsyncClientBuilder,
        CloudWatchClient, CloudWatchAsyncClient> {

    CloudWatchClientFactory(AwsCredentialsProviderChain credentialsProvider, AwsRegionProviderChain regionProvider,
                            @Nullable UserAgentProvider userAgentProvider,
                            @Nullable @Named(CloudWatchClient.SERVICE_NAME) AWSServiceConfiguration configuration) {
        super(credentialsProvider, regionProvider, userAgentProvider, configuration);
    }

    @Override
    protected CloudWatchClientBuilder createSyncBuilder() {
        return CloudWatchClient.builder();
    }

    @Override
    protected CloudWatchAsyncClientBuilder createAsyncBuilder() {
        return CloudWatchAsyncClient.builder();
    }

    @Override
    @Singleton
    public CloudWatchClientBuilder syncBuilder(SdkHttpClient httpClient) {
        return super.syncBuilder(httpClient);
    }

    @Override
    @Singleton
    @Bean(preDestroy = "close")
    public CloudWatchClient syncClient(CloudWatchClientBuilder builder) {
        return super.syncClient(builder);
    }
}

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
import software.amazon.awssdk.services.ecs.EcsAsyncClient;
import software.amazon.awssdk.services.ecs.EcsAsyncClientBuilder;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.EcsClientBuilder;

/**
 * The ECS client as micronaut-aws-sdk-v2 builds its own (which has no ECS factory): the shared
 * region, credentials chain and HTTP client, {@code aws.services.ecs.*}, closed with the context.
 */
@Factory
@Requires(env = "aws")
class EcsClientFactory extends AwsClientFactory<EcsClientBuilder, EcsAsyncClientBuilder,
        EcsClient, EcsAsyncClient> {

    EcsClientFactory(AwsCredentialsProviderChain credentialsProvider, AwsRegionProviderChain regionProvider,
                            @Nullable UserAgentProvider userAgentProvider,
                            @Nullable @Named(EcsClient.SERVICE_NAME) AWSServiceConfiguration configuration) {
        super(credentialsProvider, regionProvider, userAgentProvider, configuration);
    }

    @Override
    protected EcsClientBuilder createSyncBuilder() {
        return EcsClient.builder();
    }

    @Override
    protected EcsAsyncClientBuilder createAsyncBuilder() {
        return EcsAsyncClient.builder();
    }

    @Override
    @Singleton
    public EcsClientBuilder syncBuilder(SdkHttpClient httpClient) {
        return super.syncBuilder(httpClient);
    }

    @Override
    @Singleton
    @Bean(preDestroy = "close")
    public EcsClient syncClient(EcsClientBuilder builder) {
        return super.syncClient(builder);
    }
}

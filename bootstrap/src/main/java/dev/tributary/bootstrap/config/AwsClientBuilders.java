package dev.tributary.bootstrap.config;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClientBuilder;
import software.amazon.awssdk.services.ecs.EcsClientBuilder;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

import java.net.URI;
import java.util.List;

/**
 * What Tributary adds to the SDK client builders micronaut-aws-sdk-v2 configures (region, credentials, the Apache
 * HTTP client, {@code aws.services.<service>.endpoint-override}): the endpoint overrides of {@code tributary.aws}
 * ({@code TRIBUTARY_SQS_ENDPOINT}, {@code TRIBUTARY_S3_ENDPOINT}, … for ElasticMQ, S3Proxy or LocalStack) and every
 * {@link ExecutionInterceptor} bean (request counting in tests, tracing); SQS and S3, the data path, also get the
 * request timeouts of {@code tributary.aws} ({@link AwsProperties#attemptTimeout()}, {@link AwsProperties#callTimeout()}).
 */
final class AwsClientBuilders {
    private AwsClientBuilders() {
    }

    /** The endpoint override, the interceptors, and, for the data path (SQS, S3), the timeouts of {@code aws}. */
    static <B extends AwsClientBuilder<B, ?>> B customize(B builder, URI endpoint, List<ExecutionInterceptor> interceptors,
                                                        AwsProperties aws) {
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        ClientOverrideConfiguration.Builder config = builder.overrideConfiguration().toBuilder();
        interceptors.forEach(config::addExecutionInterceptor);
        if (aws != null && aws.attemptTimeout() != null) {
            config.apiCallAttemptTimeout(aws.attemptTimeout());
        }
        if (aws != null && aws.callTimeout() != null) {
            config.apiCallTimeout(aws.callTimeout());
        }
        builder.overrideConfiguration(config.build());
        return builder;
    }

    /** Customizes one builder type as micronaut-aws-sdk-v2 creates it, with that service's endpoint override. */
    abstract static class Customizer<B extends AwsClientBuilder<B, ?>> implements BeanCreatedEventListener<B> {
        private final URI endpoint;
        private final List<ExecutionInterceptor> interceptors;
        private final AwsProperties timeouts;

        Customizer(URI endpoint, List<ExecutionInterceptor> interceptors) {
            this(endpoint, interceptors, null);
        }

        /** {@code timeouts}: the data path's clients take the request timeouts of these properties. */
        Customizer(URI endpoint, List<ExecutionInterceptor> interceptors, AwsProperties timeouts) {
            this.endpoint = endpoint;
            this.interceptors = interceptors;
            this.timeouts = timeouts;
        }

        @Override
        public B onCreated(BeanCreatedEvent<B> event) {
            return customize(event.getBean(), endpoint, interceptors, timeouts);
        }
    }

    @Singleton
    @Requires(env = "aws")
    static final class Sqs extends Customizer<SqsClientBuilder> {
        Sqs(AwsProperties aws, List<ExecutionInterceptor> interceptors) {
            super(aws.sqs(), interceptors, aws);
        }
    }

    @Singleton
    @Requires(env = "aws")
    static final class S3 extends Customizer<S3ClientBuilder> {
        S3(AwsProperties aws, List<ExecutionInterceptor> interceptors) {
            super(aws.s3(), interceptors, aws);
        }
    }

    @Singleton
    @Requires(env = "aws")
    static final class CloudWatch extends Customizer<CloudWatchClientBuilder> {
        CloudWatch(AwsProperties aws, List<ExecutionInterceptor> interceptors) {
            super(aws.endpoint(), interceptors);
        }
    }

    @Singleton
    @Requires(env = "aws")
    static final class Ecs extends Customizer<EcsClientBuilder> {
        Ecs(AwsProperties aws, List<ExecutionInterceptor> interceptors) {
            super(aws.endpoint(), interceptors);
        }
    }
}

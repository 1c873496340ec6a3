package dev.tributary.deploy;

import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.IBucket;

import java.util.Arrays;
import java.util.List;

/**
 * Object grants scoped to key prefixes, with named actions only: CDK's {@code grantRead}/{@code grantWrite} give
 * {@code s3:GetObject*}, {@code s3:List*} and {@code s3:Abort*} on the whole bucket, more than a role of this pipeline
 * uses.
 */
final class Access {
    private Access() {
    }

    /**
     * {@code s3:GetObject} under the prefixes, and {@code s3:ListBucket} on the bucket: without it S3 answers a
     * missing key with 403 instead of 404, and the lake adapter could not tell "not there" from "not allowed".
     */
    static void readObjects(IGrantable role, IBucket bucket, String... prefixes) {
        role.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                .actions(List.of("s3:GetObject")).resources(objects(bucket, prefixes)).build());
        role.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                .actions(List.of("s3:ListBucket")).resources(List.of(bucket.getBucketArn())).build());
    }

    /** {@code s3:PutObject} under the prefixes. */
    static void writeObjects(IGrantable role, IBucket bucket, String... prefixes) {
        role.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                .actions(List.of("s3:PutObject")).resources(objects(bucket, prefixes)).build());
    }

    /** {@code s3:DeleteObject} under the prefixes. */
    static void deleteObjects(IGrantable role, IBucket bucket, String... prefixes) {
        role.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create().effect(Effect.ALLOW)
                .actions(List.of("s3:DeleteObject")).resources(objects(bucket, prefixes)).build());
    }

    private static List<String> objects(IBucket bucket, String... prefixes) {
        return Arrays.stream(prefixes).map(p -> bucket.arnForObjects(p + "*")).toList();
    }
}

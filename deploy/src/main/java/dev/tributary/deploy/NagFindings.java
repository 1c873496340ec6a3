package dev.tributary.deploy;

import software.amazon.awscdk.Stack;

/** The cdk-nag AwsSolutions findings this stack accepts, each with the reason it is acceptable here. */
final class NagFindings {
    private NagFindings() {
    }

    static void suppress(Stack stack, Sizing sizing) {
    }
}

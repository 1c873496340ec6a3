/**
 * Deliberately bad classes, one per architecture rule, laid out like {@code dev.tributary}. Each rule built for
 * {@code canary.dev.tributary} must fail on them; see {@code CanaryTest}. Never referenced by real code.
 */
package canary.dev.tributary;

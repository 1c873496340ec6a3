package dev.tributary.adapters.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tributary.domain.scaling.ScalingPolicy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The scaling policies of the sizing file ({@code deploy/sizing.yml}): each service's {@code min}, {@code max},
 * {@code target} and {@code scale_in_after} under {@code services.<name>}, as the domain's {@link ScalingPolicy}.
 * The one place a policy is configured: the stack's auto scaling reads it at synth (deploy's {@code Sizing}, which
 * maps the whole file), and the jar, which carries a copy of the file, reads the aggregator's for its local pool.
 */
public final class ScalingPolicies {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ScalingPolicies() {
    }

    /** The policy of {@code service} in the sizing file read from {@code yaml} (named {@code file} in errors). */
    public static ScalingPolicy of(InputStream yaml, String file, String service) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sizing file " + file + ": " + e.getMessage(), e);
        }
        JsonNode node = root == null ? null : root.path("services").get(service);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("sizing file " + file + " has no services." + service);
        }
        String at = "sizing file " + file + ", services." + service;
        int min = number(node, "min", at);
        int max = number(node, "max", at);
        int target = number(node, "target", at);
        int scaleInAfter = number(node, "scale_in_after", at);
        try {
            return new ScalingPolicy(min, max, target, scaleInAfter);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
        }
    }

    private static int number(JsonNode service, String key, String at) {
        JsonNode value = service.get(key);
        if (value == null || !value.canConvertToExactIntegral() || !value.canConvertToInt()) {
            throw new IllegalArgumentException(at + "." + key + " must be a whole number");
        }
        return value.intValue();
    }
}

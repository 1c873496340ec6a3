package dev.tributary.deploy.twin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A synthesized template, read as CloudFormation reads it: resources by logical id, and property values with their
 * intrinsic functions ({@code Ref}, {@code Fn::GetAtt}, {@code Fn::Join}, {@code Fn::Split}, {@code Fn::Select})
 * resolved to the twin's local equivalents. A resource the twin has no equivalent for, or an intrinsic it does not
 * know, fails loudly with its place in the template: the twin never guesses a value.
 */
@SuppressWarnings("unchecked")
final class CloudFormation {
    private final Map<String, Map<String, Object>> resources;
    private final Map<String, String> refs = new LinkedHashMap<>();
    private final Map<String, String> attributes = new LinkedHashMap<>();

    CloudFormation(Map<String, Object> template, String region, String account) {
        resources = (Map<String, Map<String, Object>>) template.get("Resources");
        refs.put("AWS::Region", region);
        refs.put("AWS::AccountId", account);
        refs.put("AWS::Partition", "aws");
        refs.put("AWS::URLSuffix", "amazonaws.com");
        refs.put("AWS::StackName", "Tributary");
    }

    /** Logical id → properties of every resource of {@code type}, in template order. */
    Map<String, Map<String, Object>> resources(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        resources.forEach((id, r) -> {
            if (type.equals(r.get("Type"))) {
                found.put(id, (Map<String, Object>) r.getOrDefault("Properties", Map.of()));
            }
        });
        return found;
    }

    String type(String logicalId) {
        Map<String, Object> resource = resources.get(logicalId);
        if (resource == null) {
            throw new IllegalStateException("the template has no resource " + logicalId);
        }
        return (String) resource.get("Type");
    }

    Map<String, Object> properties(String logicalId) {
        type(logicalId);
        return (Map<String, Object>) resources.get(logicalId).getOrDefault("Properties", Map.of());
    }

    /** What {@code {"Ref": logicalId}} stands for in the twin (a queue URL, a bucket name, a secret ARN, …). */
    void defineRef(String logicalId, String value) {
        refs.put(logicalId, value);
    }

    /** What {@code {"Fn::GetAtt": [logicalId, attribute]}} stands for in the twin. */
    void defineAttribute(String logicalId, String attribute, String value) {
        attributes.put(logicalId + "." + attribute, value);
    }

    /** The value with every intrinsic function resolved; plain strings, numbers and booleans become strings. */
    String resolve(Object value) {
        Object resolved = resolveAny(value, "");
        if (!(resolved instanceof String s)) {
            throw new IllegalStateException("not a single value: " + value);
        }
        return s;
    }

    /** The logical id a {@code Ref} or {@code Fn::GetAtt} names, without resolving it. */
    static String target(Object value) {
        if (value instanceof Map<?, ?> m && m.size() == 1) {
            if (m.get("Ref") instanceof String id) {
                return id;
            }
            if (m.get("Fn::GetAtt") instanceof List<?> att) {
                return (String) att.get(0);
            }
        }
        throw new IllegalStateException("neither Ref nor Fn::GetAtt: " + value);
    }

    private Object resolveAny(Object value, String at) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                out.add(resolveAny(list.get(i), at + "[" + i + "]"));
            }
            return out;
        }
        if (!(value instanceof Map<?, ?> map) || map.size() != 1) {
            throw new IllegalStateException("the twin cannot read " + value + " at " + at);
        }
        var entry = map.entrySet().iterator().next();
        Object arg = entry.getValue();
        return switch ((String) entry.getKey()) {
            case "Ref" -> known(refs.get((String) arg), "Ref " + arg);
            case "Fn::GetAtt" -> {
                List<?> att = (List<?>) arg;
                yield known(attributes.get(att.get(0) + "." + att.get(1)), "Fn::GetAtt " + att);
            }
            case "Fn::Join" -> {
                List<?> join = (List<?>) arg;
                yield String.join((String) join.get(0), (List<String>) resolveAny(join.get(1), at + "/Fn::Join"));
            }
            case "Fn::Split" -> {
                List<?> split = (List<?>) arg;
                yield List.of(resolve(split.get(1)).split(Pattern.quote((String) split.get(0)), -1));
            }
            case "Fn::Select" -> {
                List<?> select = (List<?>) arg;
                yield ((List<?>) resolveAny(select.get(1), at + "/Fn::Select"))
                        .get(Integer.parseInt(select.get(0).toString()));
            }
            default -> throw new IllegalStateException("the twin does not know " + entry.getKey() + " at " + at);
        };
    }

    private String known(String value, String what) {
        if (value == null) {
            String id = what.replaceAll("^(Ref|Fn::GetAtt) \\[?([^,\\]]+).*$", "$2");
            String type = resources.containsKey(id) ? (String) resources.get(id).get("Type") : "no such resource";
            throw new IllegalStateException("the twin has no local equivalent for " + what + " (" + type + ")");
        }
        return value;
    }
}

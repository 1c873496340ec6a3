package dev.tributary.deploy.twin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the stack's image gives every container before the task definition's variables (which win): its
 * {@code ENV}, {@code WORKDIR} and {@code ENTRYPOINT}, read from {@code deploy/Dockerfile} (there is no Docker engine to
 * build it here).
 */
record DockerImage(Map<String, String> environment, String workDir, List<String> entryPoint) {
    private static final Pattern PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S*)");

    static DockerImage read(Path dockerfile) {
        List<String> lines;
        try {
            lines = Files.readAllLines(dockerfile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new LinkedHashMap<>();
        String workDir = "/";
        List<String> entryPoint = List.of();
        for (String instruction : instructions(lines)) {
            String[] parts = instruction.split("\\s+", 2);
            switch (parts[0].toUpperCase(java.util.Locale.ROOT)) {
                case "ENV" -> {
                    Matcher m = PAIR.matcher(parts[1]);
                    while (m.find()) {
                        env.put(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
                    }
                }
                case "WORKDIR" -> workDir = parts[1].strip();
                case "ENTRYPOINT" -> entryPoint = jsonArray(parts[1]);
                default -> { }
            }
        }
        return new DockerImage(env, workDir, entryPoint);
    }

    /** Instructions with their continuation lines joined, comments dropped. */
    private static List<String> instructions(List<String> lines) {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            if (line.strip().startsWith("#") || line.isBlank()) {
                continue;
            }
            String text = line.strip();
            boolean continued = text.endsWith("\\");
            current.append(continued ? text.substring(0, text.length() - 1) : text).append(' ');
            if (!continued) {
                instructions.add(current.toString().strip());
                current.setLength(0);
            }
        }
        return instructions;
    }

    private static List<String> jsonArray(String text) {
        List<String> items = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"").matcher(text);
        while (m.find()) {
            items.add(m.group(1));
        }
        return items;
    }
}

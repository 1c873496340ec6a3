package dev.tributary.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the figures were measured on, and what else the machine was doing (load average, busiest processes). */
final class Machine {
    private Machine() {
    }

    static String describe() throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
        long memoryKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", ""))).orElse(0L);
        return String.format("%d cores (%s), %.1f GB memory, %s %s (%s), Linux %s", Runtime.getRuntime().availableProcessors(),
                cpu, memoryKb / 1024.0 / 1024.0, System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), System.getProperty("java.vm.vendor"),
                System.getProperty("os.version"));
    }

    /** Load average and the five busiest processes (by CPU since they started), as one line each. */
    static String activity() throws IOException, InterruptedException {
        String load = Files.readString(Path.of("/proc/loadavg")).strip();
        Process ps = new ProcessBuilder("ps", "-eo", "pcpu,etime,args", "--sort=-pcpu", "--no-headers").start();
        List<String> busiest = new String(ps.getInputStream().readAllBytes()).lines().limit(5)
                .map(l -> l.length() > 110 ? l.substring(0, 110) + "…" : l).toList();
        ps.waitFor();
        return "load average " + load + "; busiest processes (%CPU, elapsed, command):\n"
                + String.join("\n", busiest.stream().map(l -> "    " + l.strip()).toList());
    }
}

package dev.grantwire.bench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time (user + system) of process trees, read from {@code /proc}: a server JVM with whatever it
 * started (Keycloak's {@code kc.sh} and its JVM; PostgreSQL's postmaster and its backends). Reading
 * before and after a measured window gives the CPU-seconds the servers spent on it, whatever the
 * load generator, which shares the cores, did meanwhile.
 */
final class ProcessCpu {

    /** Linux's USER_HZ: /proc counts CPU time in these ticks (100 on every Linux we run). */
    private static final double TICKS_PER_SECOND = 100.0;

    private final List<Long> roots;

    ProcessCpu(List<Long> roots) {
        this.roots = List.copyOf(roots);
    }

    /** CPU-seconds spent so far by the roots and all their live descendants. */
    double seconds() {
        Map<Long, Long> parents = new HashMap<>();
        Map<Long, Long> ticks = new HashMap<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.forEach(
                    entry -> {
                        String name = entry.getFileName().toString();
                        if (!name.chars().allMatch(Character::isDigit)) {
                            return;
                        }
                        long[] stat = stat(entry.resolve("stat"));
                        if (stat != null) {
                            long pid = Long.parseLong(name);
                            parents.put(pid, stat[0]);
                            ticks.put(pid, stat[1]);
                        }
                    });
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc", e);
        }
        Map<Long, List<Long>> children = new HashMap<>();
        parents.forEach(
                (pid, parent) ->
                        children.computeIfAbsent(parent, p -> new java.util.ArrayList<>())
                                .add(pid));
        long total = 0;
        Deque<Long> todo = new ArrayDeque<>(roots);
        java.util.Set<Long> seen = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            long pid = todo.pop();
            if (!seen.add(pid)) {
                continue;
            }
            total += ticks.getOrDefault(pid, 0L);
            todo.addAll(children.getOrDefault(pid, List.of()));
        }
        return total / TICKS_PER_SECOND;
    }

    /** This JVM's own CPU-seconds (the load generator's cost). */
    static double self() {
        long[] stat = stat(Path.of("/proc/self/stat"));
        return stat == null ? 0 : stat[1] / TICKS_PER_SECOND;
    }

    /** {parent pid, utime + stime} of one /proc/PID/stat, or null when the process is gone. */
    private static long[] stat(Path file) {
        String line;
        try {
            line = Files.readString(file);
        } catch (IOException e) {
            return null;
        }
        // The command name (field 2) may hold spaces and parentheses: fields count from the last
        // ')'.
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
        long parent = Long.parseLong(fields[1]);
        long utime = Long.parseLong(fields[11]);
        long stime = Long.parseLong(fields[12]);
        return new long[] {parent, utime + stime};
    }
}

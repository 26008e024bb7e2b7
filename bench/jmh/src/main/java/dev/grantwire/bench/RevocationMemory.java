package dev.grantwire.bench;

import dev.grantwire.guard.RevocationTable;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.vm.VM;

/**
 * Measures the heap a {@link RevocationTable} holds per revocation entry, two ways:
 *
 * <ul>
 *   <li>retained size: JOL walks the table's object graph and adds up the sizes of the objects as
 *       this JVM lays them out ({@link GraphLayout#totalSize()}); exact, for this JVM's settings
 *       (compressed oops, alignment);
 *   <li>heap delta: heap used after a full GC with the table alive, minus before it was built, the
 *       median of several builds; a cross-check of the first that needs no tool.
 * </ul>
 *
 * Bytes per entry are the table's total size divided by the entries it holds (the empty table's few
 * hundred bytes included). Run it in a fresh JVM: {@code java -cp benchmarks.jar
 * dev.grantwire.bench.RevocationMemory [--out FILE] [--sizes 10000,100000,1000000]}.
 */
public final class RevocationMemory {

    private static final int REPETITIONS = 3;

    static {
        // JDK 17 refuses Unsafe.objectFieldOffset on records (the table's Cutoff is one); JOL then
        // finds field offsets by probing instead.
        if (System.getProperty("jol.magicFieldOffset") == null) {
            System.setProperty("jol.magicFieldOffset", "true");
        }
    }

    private RevocationMemory() {}

    /** One measurement. */
    record Result(Revocations.Mix mix, int entries, long retainedBytes, long heapDeltaBytes) {
        double retainedPerEntry() {
            return (double) retainedBytes / entries;
        }

        double heapDeltaPerEntry() {
            return (double) heapDeltaBytes / entries;
        }
    }

    /** A table of {@code entries} revocations of distinct ids. */
    static RevocationTable table(Revocations.Mix mix, int entries) {
        RevocationTable table = new RevocationTable();
        Revocations.seed(table, mix, entries, 7);
        if (table.size() != entries) {
            throw new IllegalStateException(
                    "Expected " + entries + " entries, not " + table.size());
        }
        return table;
    }

    /** The retained size of a table of that many entries, by JOL. */
    static long retainedBytes(Revocations.Mix mix, int entries) {
        return GraphLayout.parseInstance(table(mix, entries)).totalSize();
    }

    /** The median growth of heap used, after full GCs, when a table of that many entries lives. */
    static long heapDeltaBytes(Revocations.Mix mix, int entries) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long[] deltas = new long[REPETITIONS];
        for (int i = 0; i < REPETITIONS; i++) {
            long before = usedAfterGc(memory);
            RevocationTable table = table(mix, entries);
            long after = usedAfterGc(memory);
            Reference.reachabilityFence(table);
            deltas[i] = after - before;
        }
        Arrays.sort(deltas);
        return deltas[REPETITIONS / 2];
    }

    static Result measure(Revocations.Mix mix, int entries) {
        return new Result(mix, entries, retainedBytes(mix, entries), heapDeltaBytes(mix, entries));
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        long used = Long.MAX_VALUE;
        // Until it stops shrinking: one System.gc() may leave garbage a second one collects.
        for (int i = 0; i < 5; i++) {
            System.gc();
            long now = memory.getHeapMemoryUsage().getUsed();
            if (now >= used) {
                return now;
            }
            used = now;
        }
        return used;
    }

    public static void main(String[] args) throws IOException {
        Path out = null;
        int[] sizes = {10_000, 100_000, 1_000_000};
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out") && i + 1 < args.length) {
                out = Path.of(args[++i]);
            } else if (args[i].equals("--sizes") && i + 1 < args.length) {
                sizes = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
            } else {
                throw new IllegalArgumentException("Unknown argument " + args[i]);
            }
        }
        System.out.println(
                "# Revocation table memory; GC: "
                        + collectors()
                        + "; max heap "
                        + Runtime.getRuntime().maxMemory() / 1048576
                        + " MiB");
        System.out.println(VM.current().details().trim());
        List<Result> results = new ArrayList<>();
        for (Revocations.Mix mix : Revocations.Mix.values()) {
            for (int entries : sizes) {
                Result result = measure(mix, entries);
                results.add(result);
                System.out.printf(
                        Locale.ROOT,
                        "%-17s %,10d entries: retained %,12d B = %6.1f B/entry (JOL);"
                                + " heap delta %,12d B = %6.1f B/entry (MXBean, median of %d)%n",
                        mix,
                        entries,
                        result.retainedBytes(),
                        result.retainedPerEntry(),
                        result.heapDeltaBytes(),
                        result.heapDeltaPerEntry(),
                        REPETITIONS);
            }
        }
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, json(results), StandardCharsets.UTF_8);
            System.out.println("# Written to " + out);
        }
    }

    private static String collectors() {
        List<String> names = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            names.add(gc.getName());
        }
        return String.join(", ", names);
    }

    private static String json(List<Result> results) {
        StringBuilder json = new StringBuilder("{\n  \"method\": ");
        json.append(
                "\"retainedBytes: JOL GraphLayout.parseInstance(table).totalSize();"
                        + " heapDeltaBytes: MemoryMXBean heap used after System.gc() with the table"
                        + " alive minus before, median of "
                        + REPETITIONS
                        + "\",\n");
        json.append("  \"jvm\": \"")
                .append(System.getProperty("java.vm.name"))
                .append(' ')
                .append(System.getProperty("java.runtime.version"))
                .append("\",\n  \"gc\": \"")
                .append(collectors())
                .append("\",\n  \"maxHeapMiB\": ")
                .append(Runtime.getRuntime().maxMemory() / 1048576)
                .append(",\n  \"results\": [\n");
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            json.append(
                    String.format(
                            Locale.ROOT,
                            "    {\"mix\": \"%s\", \"entries\": %d, \"retainedBytes\": %d,"
                                    + " \"retainedBytesPerEntry\": %.2f, \"heapDeltaBytes\": %d,"
                                    + " \"heapDeltaBytesPerEntry\": %.2f}%s%n",
                            r.mix(),
                            r.entries(),
                            r.retainedBytes(),
                            r.retainedPerEntry(),
                            r.heapDeltaBytes(),
                            r.heapDeltaPerEntry(),
                            i + 1 < results.size() ? "," : ""));
        }
        return json.append("  ]\n}\n").toString();
    }
}

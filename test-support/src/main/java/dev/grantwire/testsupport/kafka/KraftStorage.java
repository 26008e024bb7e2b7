package dev.grantwire.testsupport.kafka;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/** Formats a KRaft log directory, for both broker flavours. */
final class KraftStorage {

    private KraftStorage() {}

    /**
     * Formats the storage named by {@code config} as a standalone controller with a new cluster id,
     * with the admin's SCRAM-SHA-512 credentials in the first metadata (the broker cannot create
     * users before someone can authenticate); an already formatted directory is left as it is. Runs
     * in this JVM: {@code StorageTool.execute} returns its status where {@code main} would call
     * {@code System.exit}.
     */
    static void format(Path config, String adminPassword) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            status =
                    StorageTool.execute(
                            new String[] {
                                "format",
                                "--cluster-id",
                                Uuid.randomUuid().toString(),
                                "--config",
                                config.toString(),
                                "--standalone",
                                "--add-scram",
                                KafkaAccess.MECHANISM
                                        + "=[name="
                                        + KafkaUser.ADMIN.username()
                                        + ",password="
                                        + adminPassword
                                        + "]",
                                "--ignore-formatted"
                            },
                            print);
        }
        if (status != 0) {
            throw new IllegalStateException(
                    "Formatting Kafka storage for "
                            + config
                            + " failed ("
                            + status
                            + "): "
                            + output.toString(StandardCharsets.UTF_8));
        }
    }
}

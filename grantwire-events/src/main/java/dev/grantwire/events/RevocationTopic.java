package dev.grantwire.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The revocation topic and the settings it must be created with.
 *
 * <p>Revocations are only remembered for a bounded time: an access token lives at most {@link
 * RevocationBounds#MAX_ACCESS_TOKEN_LIFETIME 90 minutes}, so after {@link
 * RevocationBounds#entryLifetime()} no token a revocation could match is still valid. The topic
 * therefore keeps a short, time-bounded history that every consumer replays at start (seeking by
 * time), instead of a compacted table.
 *
 * <ul>
 *   <li>{@value #PARTITIONS} partition: revocations are few, and one partition gives a total order
 *       (the ledger {@code sequence} grows along the offsets) and one end offset to catch up to.
 *   <li>{@code cleanup.policy=delete}, never {@code compact}: a record never deletes an entry, so
 *       there are no tombstones, and old records simply age out.
 *   <li>{@code retention.ms} = {@link #RETENTION 3 hours}: longer than the replay window ({@code 90
 *       min + B + 2S}, about 92 minutes with the defaults) plus a wide margin, so a consumer
 *       seeking to {@code now - window} always finds every revocation it needs.
 *   <li>{@code segment.ms} = {@link #SEGMENT 1 hour}: Kafka deletes whole closed segments only;
 *       with the default of 7 days nothing would ever age out of a quiet topic, and replay would
 *       grow.
 *   <li>{@code message.timestamp.type=LogAppendTime}: the broker stamps each record, so timestamps
 *       grow with offsets and {@code offsetsForTimes} is sound whatever the producers' clocks say.
 * </ul>
 *
 * <p>In production also use a replication factor of {@value #PRODUCTION_REPLICATION_FACTOR} and
 * {@link #PRODUCTION_CONFIGS} (two in-sync replicas, no unclean leader election): a lost revocation
 * is a security bug.
 *
 * <p>This class only holds constants; it is thread-safe.
 */
public final class RevocationTopic {

    /** The topic name; the {@code v1} changes only when a change cannot be additive. */
    public static final String NAME = "grantwire.revocations.v1";

    /**
     * The {@code ce_source} of revocation-service, the topic's one writer. Readers ignore a
     * heartbeat from any other source (a watermark is a promise only that writer can make), and
     * apply a revocation from any source but report it (dropping one would lose a revocation).
     * Deployments that rename it set the same value on the producer and on every reader.
     */
    public static final String PRODUCER_SOURCE = "/revocation-service";

    /** Exactly one partition: total order and one end offset. */
    public static final int PARTITIONS = 1;

    /** How long records are kept: well beyond the replay window of about 92 minutes. */
    public static final Duration RETENTION = Duration.ofHours(3);

    /** How often a segment is rolled, so that retention can delete old records. */
    public static final Duration SEGMENT = Duration.ofHours(1);

    /** The replication factor for production clusters (a local single broker uses 1). */
    public static final int PRODUCTION_REPLICATION_FACTOR = 3;

    /**
     * The topic configs every deployment must set (unmodifiable, iteration in the order listed
     * above). {@link #violations(Map)} checks an existing topic against them.
     */
    public static final Map<String, String> CONFIGS =
            ordered(
                    "cleanup.policy",
                    "delete",
                    "retention.ms",
                    Long.toString(RETENTION.toMillis()),
                    "segment.ms",
                    Long.toString(SEGMENT.toMillis()),
                    "message.timestamp.type",
                    "LogAppendTime");

    /**
     * {@link #CONFIGS} plus the durability settings for a replicated production cluster: {@code
     * min.insync.replicas=2} and {@code unclean.leader.election.enable=false}.
     */
    public static final Map<String, String> PRODUCTION_CONFIGS = withDurability();

    private RevocationTopic() {}

    /**
     * Compares a topic's actual configs (as a describe-configs call returns them) with {@link
     * #CONFIGS}, so a producer or consumer can refuse to run against a misconfigured topic.
     *
     * @param actual the topic's configs; keys it lacks count as violations
     * @return one readable message per required config that is missing or different; empty when the
     *     topic is configured as required
     */
    public static List<String> violations(Map<String, String> actual) {
        List<String> problems = new ArrayList<>();
        CONFIGS.forEach(
                (key, expected) -> {
                    String value = actual.get(key);
                    if (!expected.equals(value)) {
                        problems.add(
                                "topic "
                                        + NAME
                                        + ": "
                                        + key
                                        + " must be "
                                        + expected
                                        + " but is "
                                        + (value == null ? "unset" : value));
                    }
                });
        return List.copyOf(problems);
    }

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    private static Map<String, String> withDurability() {
        Map<String, String> map = new LinkedHashMap<>(CONFIGS);
        map.put("min.insync.replicas", "2");
        map.put("unclean.leader.election.enable", "false");
        return Collections.unmodifiableMap(map);
    }
}

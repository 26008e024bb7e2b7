package dev.grantwire.testsupport.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Admin calls shared by both broker flavours. */
final class Topics {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Topics() {}

    static Admin admin(KafkaAccess access) {
        Properties p = access.clientProperties();
        p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        p.setProperty(AdminClientConfig.CLIENT_ID_CONFIG, "grantwire-test-support");
        return Admin.create(p);
    }

    /**
     * Creates the topic unless it exists, then waits until its metadata is visible, so a producer
     * started right after never sees UNKNOWN_TOPIC_OR_PARTITION.
     */
    /**
     * Describes the topic until the broker knows it: right after creation the controller may not
     * have told the broker yet, and a describe answers UNKNOWN_TOPIC_OR_PARTITION for a moment.
     */
    private static void awaitVisible(Admin admin, String name)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                admin.describeTopics(List.of(name))
                        .allTopicNames()
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    static void create(
            KafkaAccess access, String name, int partitions, Map<String, String> configs) {
        try (Admin admin = admin(access)) {
            NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(configs);
            try {
                admin.createTopics(List.of(topic))
                        .all()
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Cannot create topic " + name, e.getCause());
                }
            }
            awaitVisible(admin, name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Topic " + name + " did not become visible", e);
        }
    }

    /** Sets (incrementally) some of a topic's configs, leaving the others as they are. */
    static void alterConfigs(KafkaAccess access, String name, Map<String, String> configs) {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, name);
        List<AlterConfigOp> ops =
                configs.entrySet().stream()
                        .map(
                                e ->
                                        new AlterConfigOp(
                                                new ConfigEntry(e.getKey(), e.getValue()),
                                                AlterConfigOp.OpType.SET))
                        .toList();
        try (Admin admin = admin(access)) {
            admin.incrementalAlterConfigs(Map.of(topic, ops))
                    .all()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while configuring " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not configure topic " + name, e);
        }
    }

    /** The first offset still kept in partition 0 of a topic (moves on as retention deletes). */
    static long earliestOffset(KafkaAccess access, String name) {
        TopicPartition partition = new TopicPartition(name, 0);
        try (Admin admin = admin(access)) {
            return admin.listOffsets(Map.of(partition, OffsetSpec.earliest()))
                    .partitionResult(partition)
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading offsets of " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not read the offsets of " + name, e);
        }
    }

    /**
     * Whether the broker answers a describeCluster call from this principal within a short time (so
     * also: whether it accepts the principal's credentials).
     */
    static boolean answers(KafkaAccess access) {
        try (Admin admin = admin(access)) {
            return admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size() > 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return false;
        }
    }
}

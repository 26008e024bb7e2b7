package dev.grantwire.testsupport.kafka;

import dev.grantwire.events.RevocationTopic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The broker's ACLs, the one copy of who may do what on the topics (see {@link KafkaUser}), and the
 * call that creates the SCRAM users and the ACLs as the admin. Idempotent: every broker start
 * applies it again, so a user or rule added here reaches an existing local-stack broker.
 *
 * <p>Nothing grants {@code CREATE} or {@code ALTER}: only the super user creates topics. No
 * consumer group is granted either: every reader assigns its partition and keeps its own position.
 */
public final class KafkaAcls {

    /** The topics the benchmarks create (as the admin) and use. */
    public static final String BENCH_TOPIC_PREFIX = "bench.";

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int SCRAM_ITERATIONS = 4096;

    private KafkaAcls() {}

    /** Every ACL of the table, in a stable order. */
    public static List<AclBinding> bindings() {
        List<AclBinding> acls = new ArrayList<>();
        ResourcePattern revocations =
                new ResourcePattern(ResourceType.TOPIC, RevocationTopic.NAME, PatternType.LITERAL);
        ResourcePattern bench =
                new ResourcePattern(ResourceType.TOPIC, BENCH_TOPIC_PREFIX, PatternType.PREFIXED);
        allow(acls, KafkaUser.REVOCATION_SERVICE, revocations, AclOperation.WRITE);
        allow(acls, KafkaUser.REVOCATION_SERVICE, revocations, AclOperation.DESCRIBE);
        allow(acls, KafkaUser.GRANT_SERVICE, revocations, AclOperation.READ);
        allow(acls, KafkaUser.RESOURCE_API, revocations, AclOperation.READ);
        allow(acls, KafkaUser.BENCH_WRITER, bench, AclOperation.WRITE);
        allow(acls, KafkaUser.BENCH_WRITER, bench, AclOperation.DESCRIBE);
        allow(acls, KafkaUser.BENCH_READER, bench, AclOperation.READ);
        allow(acls, KafkaUser.BENCH_READER, revocations, AclOperation.READ);
        return List.copyOf(acls);
    }

    private static void allow(
            List<AclBinding> acls, KafkaUser user, ResourcePattern on, AclOperation operation) {
        acls.add(
                new AclBinding(
                        on,
                        new AccessControlEntry(
                                user.principal(), "*", operation, AclPermissionType.ALLOW)));
    }

    /**
     * {@link #apply}, then waits until the broker accepts every user's credentials (a new SCRAM
     * user reaches the broker through the metadata log, a moment after the call returns).
     */
    static void applyAndAwait(String bootstrapServers, KafkaCredentials credentials) {
        apply(credentials.access(bootstrapServers, KafkaUser.ADMIN), credentials);
        for (KafkaUser user : KafkaUser.values()) {
            KafkaAccess access = credentials.access(bootstrapServers, user);
            dev.grantwire.testsupport.internal.Await.until(
                    TIMEOUT,
                    Duration.ofMillis(100),
                    () -> Topics.answers(access),
                    () -> "Kafka did not accept the credentials of " + user.username());
        }
    }

    /**
     * Creates (or updates the password of) every user but the admin, then creates every ACL of
     * {@link #bindings()}, as the admin.
     */
    static void apply(KafkaAccess admin, KafkaCredentials credentials) {
        List<UserScramCredentialAlteration> users = new ArrayList<>();
        for (KafkaUser user : KafkaUser.values()) {
            if (user != KafkaUser.ADMIN) {
                users.add(
                        new UserScramCredentialUpsertion(
                                user.username(),
                                new ScramCredentialInfo(
                                        ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS),
                                credentials.password(user)));
            }
        }
        try (Admin client = Topics.admin(admin)) {
            client.alterUserScramCredentials(users)
                    .all()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            client.createAcls(bindings()).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating Kafka users and ACLs", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not create the Kafka users and ACLs", e);
        }
    }
}

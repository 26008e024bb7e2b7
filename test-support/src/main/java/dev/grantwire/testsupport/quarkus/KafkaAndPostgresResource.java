package dev.grantwire.testsupport.quarkus;

import dev.grantwire.testsupport.internal.FileTrees;
import dev.grantwire.testsupport.kafka.InProcessKafka;
import dev.grantwire.testsupport.kafka.KafkaAccess;
import dev.grantwire.testsupport.kafka.KafkaUser;
import dev.grantwire.testsupport.postgres.Postgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Starts what a Grantwire service's {@code @QuarkusTest} needs: an in-process Kafka broker with the
 * revocations topic, and a fresh PostgreSQL with the service's database.
 *
 * <p>Use with {@code @QuarkusTestResource(KafkaAndPostgresResource.class)} (optionally {@code
 * initArgs = @ResourceArg(name = "database", value = "grant_service")}). Files go under {@code
 * target/test-infra/quarkus-<random>/} of the module under test and are deleted by {@link #stop()}.
 * The config it returns overrides the application's: {@value #KAFKA_BOOTSTRAP}, the datasource URL,
 * user and password, and {@value #KAFKA_PASSWORD}, the broker password of the service's own {@link
 * KafkaUser} (init arg {@value #PRINCIPAL_ARG}; by default the database name with {@code -} for
 * {@code _}, so {@code grant_service} is {@code grant-service}); the service names that user in its
 * own {@code grantwire.kafka.username}. A test that plays another party on the topic takes {@link
 * #adminAccess()}. Dev Services must be off ({@code quarkus.devservices.enabled=false}): there is
 * no container engine.
 *
 * <p>Quarkus creates one instance per test resource declaration and calls {@link #start()} and
 * {@link #stop()} from a single thread.
 */
public class KafkaAndPostgresResource implements QuarkusTestResourceLifecycleManager {

    /** The topic every service reads or writes revocations on. */
    public static final String REVOCATIONS_TOPIC = "grantwire.revocations.v1";

    /** Init arg naming the database to create; defaults to {@value #DEFAULT_DATABASE}. */
    public static final String DATABASE_ARG = "database";

    public static final String DEFAULT_DATABASE = "grantwire";

    /**
     * Init arg naming the service's {@link KafkaUser} by its user name, e.g. {@code grant-service}.
     */
    public static final String PRINCIPAL_ARG = "principal";

    static final String KAFKA_BOOTSTRAP = "kafka.bootstrap.servers";
    static final String KAFKA_PASSWORD = "grantwire.kafka.password";
    static final String ADMIN_PASSWORD = "grantwire.test.kafka.admin-password";

    /** Retention of revocation events: 3 h, long enough for any token they revoke to expire. */
    static final Map<String, String> REVOCATIONS_TOPIC_CONFIG =
            Map.of(
                    "cleanup.policy", "delete",
                    "retention.ms", "10800000",
                    "segment.ms", "3600000",
                    "message.timestamp.type", "LogAppendTime");

    private String database = DEFAULT_DATABASE;
    private KafkaUser principal;
    private Path root;
    private InProcessKafka kafka;
    private Postgres postgres;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault(DATABASE_ARG, DEFAULT_DATABASE);
        String name = initArgs.getOrDefault(PRINCIPAL_ARG, database.replace('_', '-'));
        principal =
                Arrays.stream(KafkaUser.values())
                        .filter(user -> user.username().equals(name))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "No Kafka user "
                                                        + name
                                                        + "; set the init arg "
                                                        + PRINCIPAL_ARG
                                                        + " to one of "
                                                        + Arrays.toString(KafkaUser.values())));
    }

    /**
     * How the test itself reaches the broker of the running {@code @QuarkusTest}, as the admin (who
     * may read and write every topic): for tests that publish as revocation-service would, or forge
     * what an attacker might.
     */
    public static KafkaAccess adminAccess() {
        Config config = ConfigProvider.getConfig();
        return new KafkaAccess(
                config.getValue(KAFKA_BOOTSTRAP, String.class),
                KafkaUser.ADMIN.username(),
                config.getValue(ADMIN_PASSWORD, String.class));
    }

    @Override
    public Map<String, String> start() {
        root = PostgresResource.newRoot();
        kafka = InProcessKafka.start(root.resolve("kafka"));
        kafka.createTopic(REVOCATIONS_TOPIC, 1, REVOCATIONS_TOPIC_CONFIG);
        postgres = Postgres.start(root.resolve("postgres"), 0, false);
        Map<String, String> config = new HashMap<>(PostgresResource.datasource(postgres, database));
        config.put(KAFKA_BOOTSTRAP, kafka.bootstrapServers());
        config.put(KAFKA_PASSWORD, kafka.access(principal).password());
        config.put(ADMIN_PASSWORD, kafka.access(KafkaUser.ADMIN).password());
        return Map.copyOf(config);
    }

    @Override
    public void stop() {
        try {
            if (postgres != null) {
                postgres.close();
            }
        } finally {
            try {
                if (kafka != null) {
                    kafka.close();
                }
            } finally {
                if (root != null) {
                    FileTrees.delete(root);
                }
            }
        }
    }
}

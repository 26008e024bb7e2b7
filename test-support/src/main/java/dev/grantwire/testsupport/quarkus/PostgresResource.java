package dev.grantwire.testsupport.quarkus;

import dev.grantwire.testsupport.internal.FileTrees;
import dev.grantwire.testsupport.postgres.Postgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A fresh PostgreSQL with the service's database, for a {@code @QuarkusTest} of a service that uses
 * no broker (consent-service): {@code @QuarkusTestResource(value = PostgresResource.class, initArgs
 * = @ResourceArg(name = "database", value = "consent_service"))}. It touches no Kafka class, so
 * such a module may leave the Kafka jars out of its test class path. Files go under {@code
 * target/test-infra/}.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private String database = KafkaAndPostgresResource.DEFAULT_DATABASE;
    private Path root;
    private Postgres postgres;

    @Override
    public void init(Map<String, String> initArgs) {
        database =
                initArgs.getOrDefault(
                        KafkaAndPostgresResource.DATABASE_ARG,
                        KafkaAndPostgresResource.DEFAULT_DATABASE);
    }

    @Override
    public Map<String, String> start() {
        root = newRoot();
        postgres = Postgres.start(root.resolve("postgres"), 0, false);
        return datasource(postgres, database);
    }

    /**
     * A directory of its own per instance under {@code target/test-infra/}: Quarkus keeps one
     * application (and its resources) running across test classes, and loads a resource class in
     * its own class loader too, so nothing static can tell instances apart; the file system can.
     */
    static Path newRoot() {
        Path parent = Path.of("target", "test-infra").toAbsolutePath();
        try {
            Files.createDirectories(parent);
            return Files.createTempDirectory(parent, "quarkus-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory under " + parent, e);
        }
    }

    /** Creates the service's database and names it to Quarkus. */
    static Map<String, String> datasource(Postgres postgres, String database) {
        postgres.createDatabase(database);
        return Map.of(
                "quarkus.datasource.jdbc.url",
                postgres.jdbcUrl(database),
                "quarkus.datasource.username",
                postgres.user(),
                "quarkus.datasource.password",
                postgres.password());
    }

    @Override
    public void stop() {
        try {
            if (postgres != null) {
                postgres.close();
            }
        } finally {
            if (root != null) {
                FileTrees.delete(root);
            }
        }
    }
}

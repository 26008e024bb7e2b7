package dev.grantwire.testsupport.stack;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the whole system runs: a home folder for data and logs, and a port per part (0 = a free
 * port, for tests). Immutable.
 *
 * @param root the project's root folder (to find the packaged services)
 * @param home where data and logs live
 * @param keepData keep databases, topic and Keycloak across restarts (local stack) or start fresh
 *     (tests)
 * @param consentPort consent-service
 * @param grantPort grant-service
 * @param revocationPort revocation-service
 * @param resourceApiPort the example resource API
 * @param keycloakPort Keycloak's HTTP port
 * @param keycloakManagementPort Keycloak's management (health) port
 * @param kafkaPort the Kafka broker
 * @param postgresPort PostgreSQL
 * @param staleness B, passed to every service
 */
public record StackSettings(
        Path root,
        Path home,
        boolean keepData,
        int consentPort,
        int grantPort,
        int revocationPort,
        int resourceApiPort,
        int keycloakPort,
        int keycloakManagementPort,
        int kafkaPort,
        int postgresPort,
        Duration staleness) {

    /** Free ports everywhere and fresh data: what a test run wants. */
    public static StackSettings forTests(Path root, Path home, Duration staleness) {
        return new StackSettings(root, home, false, 0, 0, 0, 0, 0, 0, 0, 0, staleness);
    }
}

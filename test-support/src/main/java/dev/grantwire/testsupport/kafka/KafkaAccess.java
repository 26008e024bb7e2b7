package dev.grantwire.testsupport.kafka;

import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * How one principal reaches the broker: its bootstrap servers and SCRAM-SHA-512 credentials over
 * SASL on the loopback listener.
 *
 * <p>{@link #clientProperties()} are the settings any Kafka client (producer, consumer, admin)
 * needs; {@link #serviceConfig()} is the same as a Grantwire service's configuration takes it.
 * {@link #toString()} never shows the password.
 *
 * @param bootstrapServers {@code 127.0.0.1:<port>}
 * @param username the SCRAM user
 * @param password its password; never contains {@code "} or {@code \} (it is written into a JAAS
 *     line)
 */
public record KafkaAccess(String bootstrapServers, String username, String password) {

    /** Kafka's security protocol on the test brokers' client listener (loopback only). */
    public static final String SECURITY_PROTOCOL = "SASL_PLAINTEXT";

    /** The SASL mechanism of the client listener. */
    public static final String MECHANISM = "SCRAM-SHA-512";

    /** Checks the components. */
    public KafkaAccess {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (password.indexOf('"') >= 0 || password.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("a password must not contain \" or \\");
        }
    }

    /** The same broker as another principal. */
    public KafkaAccess as(String otherUser, String otherPassword) {
        return new KafkaAccess(bootstrapServers, otherUser, otherPassword);
    }

    /** The JAAS line Kafka's {@code sasl.jaas.config} takes for these credentials. */
    public String jaasConfig() {
        return jaas(username, password);
    }

    static String jaas(String username, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + username
                + "\" password=\""
                + password
                + "\";";
    }

    /** {@code bootstrap.servers} and the {@link #securityProperties()}: a new copy each call. */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        p.putAll(securityProperties());
        return p;
    }

    /**
     * {@code security.protocol}, {@code sasl.mechanism} and {@code sasl.jaas.config}: what a {@code
     * FeedReader.Builder.clientProperties} takes.
     */
    public Map<String, Object> securityProperties() {
        return Map.of(
                "security.protocol", SECURITY_PROTOCOL,
                "sasl.mechanism", MECHANISM,
                "sasl.jaas.config", jaasConfig());
    }

    /**
     * The settings a packaged Grantwire service takes to reach the broker as this principal: {@code
     * kafka.bootstrap.servers}, {@code grantwire.kafka.username} and {@code
     * grantwire.kafka.password} (each service's {@code application.properties} builds its clients'
     * SASL settings from them).
     */
    public Map<String, String> serviceConfig() {
        return Map.of(
                "kafka.bootstrap.servers", bootstrapServers,
                "grantwire.kafka.username", username,
                "grantwire.kafka.password", password);
    }

    @Override
    public String toString() {
        return "KafkaAccess[" + bootstrapServers + " as " + username + "]";
    }
}

package dev.grantwire.testsupport.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

/**
 * The SCRAM passwords of every {@link KafkaUser} of one broker: random (24 bytes, base64url) for
 * each new cluster, and for a broker whose data outlives the process (the local stack) kept beside
 * its data in a file only its owner may read.
 *
 * <p>Immutable and thread-safe.
 */
public final class KafkaCredentials {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<KafkaUser, String> passwords;

    private KafkaCredentials(Map<KafkaUser, String> passwords) {
        this.passwords = Map.copyOf(passwords);
    }

    /** Fresh random passwords for every user. */
    public static KafkaCredentials generate() {
        Map<KafkaUser, String> passwords = new EnumMap<>(KafkaUser.class);
        for (KafkaUser user : KafkaUser.values()) {
            byte[] secret = new byte[24];
            RANDOM.nextBytes(secret);
            passwords.put(user, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        }
        return new KafkaCredentials(passwords);
    }

    /**
     * The passwords stored in {@code file}; users missing from it (a newer test-support added one)
     * get a new password, and the file is written again.
     */
    public static KafkaCredentials loadOrCreate(Path file) {
        Properties stored = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                stored.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
        }
        KafkaCredentials fresh = generate();
        Map<KafkaUser, String> passwords = new EnumMap<>(KafkaUser.class);
        boolean changed = false;
        for (KafkaUser user : KafkaUser.values()) {
            String password = stored.getProperty(user.username());
            if (password == null) {
                password = fresh.password(user);
                changed = true;
            }
            passwords.put(user, password);
        }
        KafkaCredentials credentials = new KafkaCredentials(passwords);
        if (changed) {
            credentials.store(file);
        }
        return credentials;
    }

    /** Whether {@code file} exists, i.e. the broker beside it was formatted with credentials. */
    static boolean storedIn(Path file) {
        return Files.exists(file);
    }

    /** The user's password. */
    public String password(KafkaUser user) {
        return passwords.get(user);
    }

    /** How {@code user} reaches the broker at {@code bootstrapServers}. */
    public KafkaAccess access(String bootstrapServers, KafkaUser user) {
        return new KafkaAccess(bootstrapServers, user.username(), password(user));
    }

    private void store(Path file) {
        Properties p = new Properties();
        passwords.forEach((user, password) -> p.setProperty(user.username(), password));
        try {
            Files.deleteIfExists(file);
            Files.createFile(
                    file,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(file)) {
                p.store(out, "SCRAM-SHA-512 passwords of this broker's users (local use only)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    @Override
    public String toString() {
        return "KafkaCredentials" + passwords.keySet();
    }
}

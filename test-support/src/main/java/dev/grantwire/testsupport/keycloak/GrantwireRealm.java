package dev.grantwire.testsupport.keycloak;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The demo realm every Keycloak started by {@link Keycloak} imports: the users, roles and the
 * consent-service client that tests and the local stack sign in with.
 *
 * <p>All secrets here are development-only and public; never reuse them outside a test or the local
 * stack. The realm JSON is the classpath resource {@value #RESOURCE}. Thread-safety: constants and
 * pure functions only.
 */
public final class GrantwireRealm {

    /** The realm name; the issuer is {@code <base URL>/realms/grantwire}. */
    public static final String NAME = "grantwire";

    /** Confidential client used by consent-service (authorization code flow only). */
    public static final String CONSENT_CLIENT_ID = "consent-service";

    /** Dev-only secret of {@link #CONSENT_CLIENT_ID}; at least 32 characters. */
    public static final String CONSENT_CLIENT_SECRET =
            "grantwire-dev-only-consent-service-secret-2f6c1e";

    /** A user with realm role {@code user}. */
    public static final String ALICE = "alice";

    /** A second user with realm role {@code user}, for "someone else's grant" tests. */
    public static final String BOB = "bob";

    /** A user with realm roles {@code admin} and {@code user}. */
    public static final String ADMIN = "admin";

    /** Realm role of every demo user. */
    public static final String ROLE_USER = "user";

    /** Realm role of {@link #ADMIN}. */
    public static final String ROLE_ADMIN = "admin";

    /** Classpath location of the realm export. */
    public static final String RESOURCE = "dev/grantwire/testsupport/keycloak/grantwire-realm.json";

    private static final Map<String, String> PASSWORDS =
            Map.of(
                    ALICE, "alice-password",
                    BOB, "bob-password",
                    ADMIN, "admin-password");

    private GrantwireRealm() {}

    /**
     * The dev password of a demo user.
     *
     * @throws IllegalArgumentException for a user that is not in the realm
     */
    public static String passwordOf(String user) {
        String password = PASSWORDS.get(user);
        if (password == null) {
            throw new IllegalArgumentException("No demo user " + user);
        }
        return password;
    }

    /** The email address of a demo user, {@code <user>@example.test}. */
    public static String emailOf(String user) {
        passwordOf(user);
        return user + "@example.test";
    }

    /** The realm export as JSON text, ready for Keycloak's {@code data/import/} directory. */
    public static String json() {
        try (InputStream in = GrantwireRealm.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }
}

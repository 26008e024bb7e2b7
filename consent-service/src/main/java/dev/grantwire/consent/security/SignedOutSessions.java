package dev.grantwire.consent.security;

import dev.grantwire.consent.config.ConsentConfig;
import dev.grantwire.consent.persistence.SignedOutSessionRepository;
import io.quarkus.runtime.Startup;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * "Sign out" that holds on every replica: a signed-out session is recorded in PostgreSQL and, at
 * every request, an identity whose session was signed out fails authentication, so quarkus-oidc
 * sends the browser to sign in again. A copied session cookie is worth nothing after its owner
 * signed out, though it would still decrypt until its ID token expires.
 *
 * <p>A session is the provider's {@code sid} claim when it sends one (Keycloak, Entra ID), else
 * issuer, subject and {@code auth_time}: each sign-in at the provider is a new session. The
 * sign-out form's CSRF token is an HMAC of that key with the session encryption secret, the same on
 * every replica, so any replica can check it without storing anything.
 */
@ApplicationScoped
@Startup
public class SignedOutSessions implements SecurityIdentityAugmentor {

    private final SignedOutSessionRepository sessions;
    private final ConsentConfig config;
    private final byte[] csrfKey;

    SignedOutSessions(
            SignedOutSessionRepository sessions,
            ConsentConfig config,
            @ConfigProperty(name = "quarkus.oidc.token-state-manager.encryption-secret")
                    Optional<String> encryptionSecret,
            @ConfigProperty(name = "quarkus.oidc.credentials.secret")
                    Optional<String> clientSecret) {
        this.sessions = sessions;
        this.config = config;
        String secret =
                encryptionSecret
                        .or(() -> clientSecret)
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "quarkus.oidc.token-state-manager.encryption-secret"
                                                        + " is required (the same on every replica)"));
        this.csrfKey = sha256("grantwire sign-out csrf\n" + secret);
    }

    @Override
    public Uni<SecurityIdentity> augment(
            SecurityIdentity identity, AuthenticationRequestContext context) {
        Optional<JsonWebToken> idToken = idToken(identity);
        if (idToken.isEmpty()) {
            return Uni.createFrom().item(identity);
        }
        return context.runBlocking(
                () -> {
                    if (sessions.contains(sessionHash(idToken.get()))) {
                        throw new AuthenticationFailedException("the session was signed out");
                    }
                    return identity;
                });
    }

    /** The sign-out form's CSRF token for this session. */
    public String csrfToken(JsonWebToken idToken) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(csrfKey, "HmacSHA256"));
            byte[] tag = mac.doFinal(sessionKey(idToken).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** Whether a presented CSRF token is this session's (constant-time). */
    public boolean csrfMatches(JsonWebToken idToken, String presented) {
        return presented != null
                && MessageDigest.isEqual(
                        csrfToken(idToken).getBytes(StandardCharsets.US_ASCII),
                        presented.getBytes(StandardCharsets.US_ASCII));
    }

    /** Records the session as signed out, for longer than any session cookie of it can live. */
    public void signOut(JsonWebToken idToken) {
        sessions.deleteExpired();
        sessions.insert(sessionHash(idToken), Instant.now().plus(config.signedOutMemory()));
    }

    /** The signed-in user's provider ID token, or empty for nobody or a non-OIDC identity. */
    public static Optional<JsonWebToken> idToken(SecurityIdentity identity) {
        return identity == null
                        || identity.isAnonymous()
                        || !(identity.getPrincipal() instanceof JsonWebToken)
                ? Optional.empty()
                : Optional.of((JsonWebToken) identity.getPrincipal());
    }

    static String sessionKey(JsonWebToken idToken) {
        Object sid = idToken.getClaim("sid");
        String session =
                sid != null && !sid.toString().isBlank()
                        ? "sid:" + unquoted(sid)
                        : "auth_time:" + idToken.getClaim("auth_time");
        return idToken.getIssuer() + '\n' + idToken.getSubject() + '\n' + session;
    }

    private static byte[] sessionHash(JsonWebToken idToken) {
        return sha256(sessionKey(idToken));
    }

    private static String unquoted(Object claim) {
        return claim instanceof jakarta.json.JsonString
                ? ((jakarta.json.JsonString) claim).getString()
                : claim.toString();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}

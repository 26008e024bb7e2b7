package dev.grantwire.consent.security;

import dev.grantwire.consent.client.GrantServiceClient;
import dev.grantwire.consent.domain.SignedInUser;
import dev.grantwire.internal.grants.SignIn;
import dev.grantwire.internal.grants.UserView;
import io.quarkus.oidc.SecurityEvent;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is signed in, as a Grantwire user. At the first request after each sign-in the user is
 * recorded at grant-service (upstream {@code iss} and {@code sub}, name, email and roles from the
 * ID token), which answers with the Grantwire user id; the answer is kept per (issuer, subject)
 * until the next sign-in. The provider's tokens never leave consent-service: only these claims do.
 * Thread-safe.
 */
@ApplicationScoped
public class SignedInUsers {

    static final int MAX_CACHED = 10_000;

    private final GrantServiceClient grantService;
    private final Map<String, SignedInUser> known =
            Collections.synchronizedMap(
                    new LinkedHashMap<>(256, 0.75f, true) {
                        @Override
                        protected boolean removeEldestEntry(Map.Entry<String, SignedInUser> e) {
                            return size() > MAX_CACHED;
                        }
                    });

    SignedInUsers(GrantServiceClient grantService) {
        this.grantService = grantService;
    }

    /**
     * The signed-in user of this identity, recorded at grant-service if not known yet (blocking).
     *
     * @throws UnauthorizedException when nobody, or no OpenID Connect user, is signed in
     */
    public SignedInUser current(SecurityIdentity identity) {
        if (identity == null
                || identity.isAnonymous()
                || !(identity.getPrincipal() instanceof JsonWebToken)) {
            throw new UnauthorizedException();
        }
        JsonWebToken idToken = (JsonWebToken) identity.getPrincipal();
        String issuer = idToken.getIssuer();
        String subject = idToken.getSubject();
        if (issuer == null || subject == null) {
            throw new UnauthorizedException();
        }
        SignedInUser user = known.get(key(issuer, subject));
        if (user == null) {
            user = record(identity, idToken, issuer, subject);
            known.put(key(issuer, subject), user);
        }
        return user;
    }

    /**
     * A fresh sign-in: forget what is known of the user, so the next request records them again
     * (their name, email or roles may have changed). Runs on the I/O thread, so it does not call
     * grant-service itself.
     */
    void onSignIn(@Observes SecurityEvent event) {
        if (event.getEventType() != SecurityEvent.Type.OIDC_LOGIN
                || event.getSecurityIdentity() == null
                || !(event.getSecurityIdentity().getPrincipal() instanceof JsonWebToken)) {
            return;
        }
        JsonWebToken idToken = (JsonWebToken) event.getSecurityIdentity().getPrincipal();
        known.remove(key(idToken.getIssuer(), idToken.getSubject()));
    }

    private SignedInUser record(
            SecurityIdentity identity, JsonWebToken idToken, String issuer, String subject) {
        String name = firstClaim(idToken, "name", "preferred_username");
        String email = firstClaim(idToken, "email");
        UserView user =
                grantService.signIn(
                        new SignIn(
                                issuer,
                                subject,
                                name,
                                email,
                                List.copyOf(new java.util.TreeSet<>(identity.getRoles()))));
        return new SignedInUser(user.userId(), name != null ? name : subject, email);
    }

    private static String firstClaim(JsonWebToken token, String... names) {
        for (String name : names) {
            Object value = token.getClaim(name);
            String text =
                    value instanceof jakarta.json.JsonString
                            ? ((jakarta.json.JsonString) value).getString()
                            : value == null ? null : value.toString();
            if (text != null && !text.isBlank()) {
                return text;
            }
        }
        return null;
    }

    private static String key(String issuer, String subject) {
        return issuer + '\n' + subject;
    }
}

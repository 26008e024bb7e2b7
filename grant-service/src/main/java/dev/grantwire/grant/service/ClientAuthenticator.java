package dev.grantwire.grant.service;

import dev.grantwire.grant.domain.App;
import dev.grantwire.grant.persistence.AppRepository;
import dev.grantwire.grant.protocol.OAuthException;
import dev.grantwire.grant.protocol.Secrets;
import dev.grantwire.grant.protocol.TokenForm;
import dev.grantwire.internal.edge.BasicCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Client authentication at the token endpoint, <a
 * href="https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1">RFC 6749 section 2.3.1</a>: HTTP
 * Basic ({@code client_secret_basic}), form parameters ({@code client_secret_post}), or a public
 * client naming itself ({@code none}). A client must use the method it registered; secrets are
 * compared as SHA-256 hashes in constant time. An unknown client and a wrong secret get the same
 * {@value #FAILED} description, so the answer does not tell which secret is close or whether an id
 * was ever registered with that secret. Credentials sent by another method than the registered one
 * are told that method ({@link #wrongMethod}): a client id is not a secret (RFC 6749 section 2.2),
 * and a standard library that defaults to {@code client_secret_post} otherwise gets no hint why a
 * correct secret fails.
 */
@ApplicationScoped
public class ClientAuthenticator {

    /** The one description of a failed client authentication. */
    public static final String FAILED = "client authentication failed";

    private final AppRepository apps;

    ClientAuthenticator(AppRepository apps) {
        this.apps = apps;
    }

    /**
     * Authenticates the caller.
     *
     * @param authorization the Authorization header, or null
     * @param form the request parameters
     */
    public App authenticate(String authorization, TokenForm form) {
        String formId = form.single("client_id");
        String formSecret = form.single("client_secret");
        if (authorization != null && !authorization.isBlank()) {
            if (formSecret != null) {
                throw OAuthException.invalidRequest("use one client authentication method only");
            }
            return basic(authorization, formId);
        }
        if (formId == null) {
            throw OAuthException.invalidClient("client authentication is required", false);
        }
        App app = apps.find(formId).orElseThrow(() -> OAuthException.invalidClient(FAILED, false));
        if (formSecret == null) {
            if (!app.isPublic()) {
                throw wrongMethod(app, false);
            }
            return enabled(app, false);
        }
        if (!App.AUTH_POST.equals(app.tokenEndpointAuthMethod())) {
            throw wrongMethod(app, false);
        }
        return enabled(checkSecret(app, formSecret, false), false);
    }

    private App basic(String authorization, String formId) {
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw OAuthException.invalidClient("unsupported authentication scheme", true);
        }
        BasicCredentials credentials;
        try {
            credentials = BasicCredentials.parse(authorization);
        } catch (BasicCredentials.Malformed e) {
            throw OAuthException.invalidClient("malformed Basic credentials", true);
        }
        String clientId = credentials.clientId();
        String secret = credentials.secret();
        if (formId != null && !formId.equals(clientId)) {
            throw OAuthException.invalidRequest(
                    "client_id does not match the authenticated client");
        }
        Optional<App> found = apps.find(clientId);
        if (found.isEmpty()) {
            throw OAuthException.invalidClient(FAILED, true);
        }
        App app = found.get();
        if (!App.AUTH_BASIC.equals(app.tokenEndpointAuthMethod())) {
            throw wrongMethod(app, true);
        }
        return enabled(checkSecret(app, secret, true), true);
    }

    /** The credentials came by another method than the one the app registered: name that one. */
    static OAuthException wrongMethod(App app, boolean basic) {
        return OAuthException.invalidClient(
                "this client is registered for token_endpoint_auth_method "
                        + app.tokenEndpointAuthMethod(),
                basic);
    }

    private App checkSecret(App app, String secret, boolean basic) {
        byte[] presented = Secrets.sha256(secret);
        List<byte[]> hashes = apps.activeSecretHashes(app.clientId());
        boolean match = false;
        for (byte[] hash : hashes) {
            // No early exit: the time taken does not tell which secret matched.
            match |= Secrets.constantTimeEquals(hash, presented);
        }
        if (!match) {
            throw OAuthException.invalidClient(FAILED, basic);
        }
        return app;
    }

    private static App enabled(App app, boolean basic) {
        if (!app.isEnabled()) {
            throw OAuthException.invalidClient("client is disabled", basic);
        }
        return app;
    }
}

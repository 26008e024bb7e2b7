package dev.grantwire.demo.service;

import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.grantwire.demo.api.AccessRefusedException;
import dev.grantwire.demo.api.WorkItem;
import dev.grantwire.demo.api.WorkItemsApi;
import dev.grantwire.demo.config.DemoConfig;
import dev.grantwire.demo.oauth.AuthorizationServer;
import dev.grantwire.demo.oauth.PendingAuthorizations;
import dev.grantwire.demo.oauth.TokenEndpointException;
import dev.grantwire.demo.oauth.Tokens;
import dev.grantwire.demo.session.DemoSession;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the app does with Grantwire: connect (authorization code + PKCE), take the answer, call the
 * API with the access token, refresh it when it expires, and notice when access was revoked.
 */
@ApplicationScoped
public class ConnectionService {

    /** Refresh this long before the access token expires, so a call never races the expiry. */
    private static final long EXPIRY_MARGIN_SECONDS = 5;

    private final DemoConfig config;
    private final AuthorizationServer server;
    private final WorkItemsApi api;
    private final PendingAuthorizations pending;
    private final Clock clock = Clock.systemUTC();

    ConnectionService(DemoConfig config, AuthorizationServer server, WorkItemsApi api) {
        this.config = config;
        this.server = server;
        this.api = api;
        this.pending =
                new PendingAuthorizations(clock, config.requestLifetime(), config.maxSessions());
    }

    /** Starts an authorization for the session; returns where to send the browser. */
    public URI connect(DemoSession session) {
        return pending.start(
                session.id(),
                server.authorizationEndpoint(),
                config.clientId(),
                config.redirectUri(),
                config.scope());
    }

    /**
     * Takes the authorization response (RFC 6749 §4.1.2): checks {@code state} and {@code iss} (RFC
     * 9207: Grantwire's metadata says it always sends {@code iss}, so an answer without it is not
     * Grantwire's and is refused, the mix-up defence), then redeems the code, or records the error
     * the user's answer carried.
     *
     * @return false when the answer does not belong to this session's request (nothing changes)
     */
    public boolean finish(
            DemoSession session, String code, String state, String error, String iss) {
        Optional<CodeVerifier> verifier = pending.finish(session.id(), state);
        if (verifier.isEmpty() || iss == null || !sameUrl(iss, config.issuer())) {
            return false;
        }
        if (error != null) {
            session.denied(error);
            return true;
        }
        if (code == null) {
            return false;
        }
        session.connected(server.exchange(code, verifier.get()));
        return true;
    }

    /** The user's work items, through the API. */
    public List<WorkItem> workItems(DemoSession session) {
        return withAccess(session, api::list);
    }

    /** Creates a work item through the API. */
    public WorkItem create(DemoSession session, String title) {
        return withAccess(session, token -> api.create(token, title));
    }

    private <T> T withAccess(DemoSession session, Function<String, T> call) {
        synchronized (session) {
            Tokens tokens = session.tokens();
            if (tokens == null) {
                throw new RevokedException();
            }
            if (tokens.expiresBefore(clock.instant(), EXPIRY_MARGIN_SECONDS)) {
                tokens = refresh(session, tokens);
            }
            try {
                return call.apply(tokens.accessToken());
            } catch (AccessRefusedException refused) {
                // Expired early or revoked: one refresh tells which.
                tokens = refresh(session, tokens);
                try {
                    return call.apply(tokens.accessToken());
                } catch (AccessRefusedException again) {
                    session.revoked();
                    throw new RevokedException();
                }
            }
        }
    }

    private Tokens refresh(DemoSession session, Tokens tokens) {
        if (tokens.refreshToken() == null) {
            session.revoked();
            throw new RevokedException();
        }
        try {
            Tokens fresh = server.refresh(tokens.refreshToken());
            session.connected(fresh);
            return fresh;
        } catch (TokenEndpointException e) {
            if (e.grantInvalid()) {
                session.revoked();
                throw new RevokedException();
            }
            throw e;
        }
    }

    private static boolean sameUrl(String a, URI b) {
        return a.replaceAll("/+$", "").equals(b.toString().replaceAll("/+$", ""));
    }
}

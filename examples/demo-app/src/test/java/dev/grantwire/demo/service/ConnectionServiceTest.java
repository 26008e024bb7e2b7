package dev.grantwire.demo.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.grantwire.demo.api.AccessRefusedException;
import dev.grantwire.demo.api.WorkItem;
import dev.grantwire.demo.api.WorkItemsApi;
import dev.grantwire.demo.config.DemoConfig;
import dev.grantwire.demo.oauth.AuthorizationServer;
import dev.grantwire.demo.oauth.TokenEndpointException;
import dev.grantwire.demo.oauth.Tokens;
import dev.grantwire.demo.session.DemoSession;
import dev.grantwire.demo.session.DemoSessions;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The app's rules for its tokens, with in-memory stand-ins for grant-service and the API: refresh
 * before expiry, one refresh after a refusal, and "revoked" when the grant is dead.
 */
class ConnectionServiceTest {

    private static final String ISSUER = "http://127.0.0.1:8081";

    private final FakeServer server = new FakeServer();
    private final FakeApi api = new FakeApi();
    private final ConnectionService connection = new ConnectionService(CONFIG, server, api);
    private final DemoSession session =
            new DemoSessions(Duration.ofMinutes(30), 100, Ticker.systemTicker()).create();

    @Test
    void finishWhenStateMatchesThenCodeExchangedAndConnected() {
        String state = startAndGetState();

        assertThat(connection.finish(session, "code-1", state, null, ISSUER)).isTrue();

        assertThat(session.status()).isEqualTo(DemoSession.Status.CONNECTED);
        assertThat(session.tokens().accessToken()).isEqualTo("access-for-code-1");
    }

    @Test
    void finishWhenStateDiffersThenRefusedAndCodeNotRedeemed() {
        startAndGetState();

        assertThat(connection.finish(session, "code-1", "forged", null, ISSUER)).isFalse();

        assertThat(session.status()).isEqualTo(DemoSession.Status.NOT_CONNECTED);
        assertThat(server.exchanged).isEmpty();
    }

    @Test
    void finishWhenIssuerDiffersThenRefused() {
        String state = startAndGetState();

        assertThat(connection.finish(session, "code-1", state, null, "https://evil.example"))
                .isFalse();

        assertThat(server.exchanged).isEmpty();
    }

    // Outside review 10: RFC 9207, an answer without iss may come from another server (mix-up).
    @Test
    void finishWhenIssuerMissingThenRefusedAndCodeNotRedeemed() {
        String state = startAndGetState();

        assertThat(connection.finish(session, "code-1", state, null, null)).isFalse();

        assertThat(session.status()).isEqualTo(DemoSession.Status.NOT_CONNECTED);
        assertThat(server.exchanged).isEmpty();
    }

    @Test
    void finishWhenAccessDeniedThenDeniedWithTheError() {
        String state = startAndGetState();

        assertThat(connection.finish(session, null, state, "access_denied", ISSUER)).isTrue();

        assertThat(session.status()).isEqualTo(DemoSession.Status.DENIED);
        assertThat(session.error()).isEqualTo("access_denied");
    }

    @Test
    void workItemsWhenAccessTokenExpiredThenRefreshedBeforeTheCall() {
        session.connected(new Tokens("old", "refresh-1", Instant.now().minusSeconds(1)));
        api.accepted.add("access-from-refresh-1");

        assertThat(connection.workItems(session)).hasSize(1);

        assertThat(api.presented).containsExactly("access-from-refresh-1");
        assertThat(session.tokens().refreshToken()).isEqualTo("rotated-refresh-1");
    }

    @Test
    void workItemsWhenRefusedOnceThenRefreshedAndRetried() {
        session.connected(new Tokens("old", "refresh-1", Instant.now().plusSeconds(600)));
        api.accepted.add("access-from-refresh-1");

        assertThat(connection.workItems(session)).hasSize(1);

        assertThat(api.presented).containsExactly("old", "access-from-refresh-1");
        assertThat(session.status()).isEqualTo(DemoSession.Status.CONNECTED);
    }

    @Test
    void workItemsWhenRefusedAndRefreshAnswersInvalidGrantThenRevoked() {
        session.connected(new Tokens("old", "refresh-1", Instant.now().plusSeconds(600)));
        server.deadRefreshTokens.add("refresh-1");

        assertThatThrownBy(() -> connection.workItems(session))
                .isInstanceOf(RevokedException.class);

        assertThat(session.status()).isEqualTo(DemoSession.Status.REVOKED);
        assertThat(session.tokens()).isNull();
    }

    @Test
    void workItemsWhenRefreshedTokenIsRefusedTooThenRevoked() {
        session.connected(new Tokens("old", "refresh-1", Instant.now().plusSeconds(600)));

        assertThatThrownBy(() -> connection.workItems(session))
                .isInstanceOf(RevokedException.class);

        assertThat(api.presented).containsExactly("old", "access-from-refresh-1");
        assertThat(session.status()).isEqualTo(DemoSession.Status.REVOKED);
    }

    @Test
    void workItemsWhenTokenEndpointUnreachableThenErrorAndStillConnected() {
        session.connected(new Tokens("old", "refresh-1", Instant.now().plusSeconds(600)));
        server.unreachable = true;

        assertThatThrownBy(() -> connection.workItems(session))
                .isInstanceOf(TokenEndpointException.class);

        assertThat(session.status()).isEqualTo(DemoSession.Status.CONNECTED);
    }

    private String startAndGetState() {
        String query = connection.connect(session).getRawQuery();
        for (String pair : query.split("&")) {
            if (pair.startsWith("state=")) {
                return URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no state in " + query);
    }

    private static final class FakeServer extends AuthorizationServer {
        final List<String> exchanged = new ArrayList<>();
        final Set<String> deadRefreshTokens = new HashSet<>();
        boolean unreachable;

        FakeServer() {
            super(CONFIG);
        }

        @Override
        public URI authorizationEndpoint() {
            return URI.create("http://127.0.0.1:8080/oauth2/authorize");
        }

        @Override
        public Tokens exchange(String code, CodeVerifier verifier) {
            exchanged.add(code);
            return new Tokens(
                    "access-for-" + code, "refresh-for-" + code, Instant.now().plusSeconds(600));
        }

        @Override
        public Tokens refresh(String refreshToken) {
            if (unreachable) {
                throw new TokenEndpointException("unreachable", "connection refused");
            }
            if (deadRefreshTokens.contains(refreshToken)) {
                throw new TokenEndpointException("invalid_grant", "grant revoked");
            }
            return new Tokens(
                    "access-from-" + refreshToken,
                    "rotated-" + refreshToken,
                    Instant.now().plusSeconds(600));
        }
    }

    private static final class FakeApi extends WorkItemsApi {
        final Set<String> accepted = new HashSet<>();
        final List<String> presented = new ArrayList<>();

        FakeApi() {
            super(CONFIG, null);
        }

        @Override
        public List<WorkItem> list(String accessToken) {
            presented.add(accessToken);
            if (!accepted.contains(accessToken)) {
                throw new AccessRefusedException("invalid_token");
            }
            return List.of(new WorkItem(1, "Write the release notes", "new"));
        }
    }

    private static final DemoConfig CONFIG =
            new DemoConfig() {
                @Override
                public URI issuer() {
                    return URI.create(ISSUER);
                }

                @Override
                public Optional<URI> authorizeUrl() {
                    return Optional.empty();
                }

                @Override
                public URI apiUrl() {
                    return URI.create("http://127.0.0.1:8083");
                }

                @Override
                public String clientId() {
                    return "demo";
                }

                @Override
                public String clientSecret() {
                    return "secret";
                }

                @Override
                public URI redirectUri() {
                    return URI.create("http://127.0.0.1:8084/callback");
                }

                @Override
                public String scope() {
                    return "work_items.read work_items.write offline_access";
                }

                @Override
                public Duration requestLifetime() {
                    return Duration.ofMinutes(10);
                }

                @Override
                public Duration sessionIdleTimeout() {
                    return Duration.ofMinutes(30);
                }

                @Override
                public long maxSessions() {
                    return 100;
                }
            };
}

package dev.grantwire.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The one check of service tokens at the internal APIs (RFC 6750 section 3). */
class ServiceTokenRuleTest {

    /** A compact JWS in its canonical spelling; the verifiers below decide what it says. */
    private static final String TOKEN = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2k";

    private static final String FORGED = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ5In0.c2k";

    @Test
    void checkWhenTheTokenIsSpelledOtherwiseThanIssuedThen401BeforeTheVerifierSeesIt() {
        // The same bytes with padding, and with bits set past the last byte: both decode alike.
        for (String spelling :
                new String[] {TOKEN + "=", TOKEN.replace(".c2k", ".c2l"), TOKEN + ".x"}) {
            Response refusal =
                    rule.check(
                                    "Bearer " + spelling,
                                    token -> {
                                        throw new AssertionError("verifier asked for " + token);
                                    })
                            .refusal();
            assertThat(refusal.getStatus()).isEqualTo(401);
        }
    }

    private static final String AUDIENCE = "urn:grantwire:revocation-service";
    private final ServiceTokenRule rule =
            new ServiceTokenRule(AUDIENCE, "revocation-service", "revocations.internal");

    private static JWTClaimsSet.Builder serviceToken() {
        return new JWTClaimsSet.Builder()
                .subject("grant-service")
                .audience(AUDIENCE)
                .claim("client_id", "grant-service")
                .claim("scope", "revocations.internal");
    }

    private static Function<String, Optional<JWTClaimsSet>> verifies(JWTClaimsSet claims) {
        return token -> TOKEN.equals(token) ? Optional.of(claims) : Optional.empty();
    }

    @Test
    void checkWhenServiceTokenForThisCalleeThenPassesWithItsClientId() {
        ServiceTokenRule.Decision decision =
                rule.check("Bearer " + TOKEN, verifies(serviceToken().build()));
        assertThat(decision.refused()).isFalse();
        assertThat(decision.clientId()).isEqualTo("grant-service");
        assertThat(rule.check("bearer  " + TOKEN + " ", verifies(serviceToken().build())).refused())
                .isFalse();
    }

    @Test
    void checkWhenNoBearerTokenThen401WithChallengeAndNoTokenError() {
        for (String header :
                new String[] {null, "", "Bearer ", "Bearer    ", "Basic Zm9vOmJhcg=="}) {
            Response refusal = rule.check(header, verifies(serviceToken().build())).refusal();
            assertThat(refusal.getStatus()).as(String.valueOf(header)).isEqualTo(401);
            assertThat(refusal.getHeaderString(HttpHeaders.WWW_AUTHENTICATE))
                    .isEqualTo("Bearer realm=\"grantwire\"");
            assertThat(refusal.getMediaType().toString()).isEqualTo(Problems.MEDIA_TYPE);
            assertThat(detail(refusal)).isEqualTo("a bearer token is required");
        }
    }

    @Test
    void checkWhenVerifierRefusesThen401InvalidToken() {
        Response refusal =
                rule.check("Bearer " + FORGED, verifies(serviceToken().build())).refusal();
        assertThat(refusal.getStatus()).isEqualTo(401);
        assertThat(refusal.getHeaderString(HttpHeaders.WWW_AUTHENTICATE))
                .isEqualTo("Bearer realm=\"grantwire\", error=\"invalid_token\"");
        assertThat(detail(refusal)).isEqualTo("invalid token");
    }

    @Test
    void checkWhenUsersDelegatedTokenOrOtherAudienceThen403() {
        JWTClaimsSet delegated = serviceToken().claim("grant_id", "g-1").build();
        JWTClaimsSet otherAudience =
                serviceToken().audience(List.of("urn:grantwire:grant-service")).build();
        JWTClaimsSet noAudience = serviceToken().audience((String) null).build();
        for (JWTClaimsSet claims : List.of(delegated, otherAudience, noAudience)) {
            Response refusal = rule.check("Bearer " + TOKEN, verifies(claims)).refusal();
            assertThat(refusal.getStatus()).isEqualTo(403);
            assertThat(refusal.getHeaderString(HttpHeaders.WWW_AUTHENTICATE))
                    .isEqualTo("Bearer realm=\"grantwire\", error=\"insufficient_scope\"");
            assertThat(detail(refusal))
                    .isEqualTo("a service token meant for revocation-service is required");
        }
    }

    @Test
    void checkWhenInternalScopeMissingThen403NamingTheScope() {
        for (Object scope : new Object[] {null, "grants.internal", "revocations.internal.x", 7}) {
            JWTClaimsSet claims = serviceToken().claim("scope", scope).build();
            Response refusal = rule.check("Bearer " + TOKEN, verifies(claims)).refusal();
            assertThat(refusal.getStatus()).as(String.valueOf(scope)).isEqualTo(403);
            assertThat(refusal.getHeaderString(HttpHeaders.WWW_AUTHENTICATE))
                    .endsWith("scope=\"revocations.internal\"");
            assertThat(detail(refusal)).isEqualTo("the revocations.internal scope is required");
        }
        JWTClaimsSet among = serviceToken().claim("scope", "a revocations.internal b").build();
        assertThat(rule.check("Bearer " + TOKEN, verifies(among)).refused()).isFalse();
    }

    @Test
    void checkWhenClientIdNotTextThenPassesWithoutCallerForThePolicyToRefuse() {
        JWTClaimsSet claims = serviceToken().claim("client_id", 42).build();
        ServiceTokenRule.Decision decision = rule.check("Bearer " + TOKEN, verifies(claims));
        assertThat(decision.refused()).isFalse();
        assertThat(decision.clientId()).isNull();
        Response forbidden = ServiceTokenRule.forbidden("this service may not call this API");
        assertThat(forbidden.getStatus()).isEqualTo(403);
        assertThat(detail(forbidden)).isEqualTo("this service may not call this API");
    }

    @SuppressWarnings("unchecked")
    private static String detail(Response response) {
        return (String) ((Map<String, Object>) response.getEntity()).get("detail");
    }
}

package dev.grantwire.grant.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.grantwire.grant.config.TokensConfig;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * {@link TokenMinter}: what a minted RFC 9068 access token and an OpenID Connect ID token say, each
 * signed with a published key of the issuer (verified against the public key set).
 */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "grant_service"))
class TokenMinterTest {

    @Inject TokenMinter minter;
    @Inject SigningKeys keys;

    @ConfigProperty(name = "grantwire.issuer")
    String issuer;

    @Test
    void accessTokenWhenDelegatedThenAtJwtWithIssuerCatalogAudiencesClientGrantAndScope()
            throws Exception {
        String user = UUID.randomUUID().toString();
        UUID grantId = UUID.randomUUID();
        Instant before = Instant.now().minusSeconds(1);

        SignedJWT jwt =
                verified(
                        minter.accessToken(
                                user,
                                "client-a",
                                List.of(
                                        "work_items.read",
                                        "code.read",
                                        "work_items.write",
                                        "offline_access"),
                                grantId,
                                Duration.ofMinutes(15)));

        assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
        assertThat(jwt.getHeader().getType()).isEqualTo(TokenMinter.AT_JWT);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(issuer).isEqualTo(minter.issuer());
        assertThat(claims.getSubject()).isEqualTo(user);
        // One audience per resource, in the order of the scopes, from the catalog.
        assertThat(claims.getAudience())
                .containsExactly("urn:grantwire:api:work-items", "urn:grantwire:api:code");
        assertThat(claims.getStringClaim("client_id")).isEqualTo("client-a");
        assertThat(claims.getStringClaim("grant_id")).isEqualTo(grantId.toString());
        assertThat(claims.getStringClaim("scope"))
                .isEqualTo("work_items.read code.read work_items.write offline_access");
        assertThat(UUID.fromString(claims.getJWTID())).isNotNull();
        assertThat(claims.getIssueTime().toInstant())
                .isBetween(before, Instant.now().plusSeconds(1));
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime())
                .isEqualTo(Duration.ofMinutes(15).toMillis());
    }

    @Test
    void accessTokenWhenNoGrantThenClientActsForItselfAndNoGrantIdClaim() throws Exception {
        JWTClaimsSet claims =
                verified(
                                minter.accessToken(
                                        "consent-service",
                                        "consent-service",
                                        List.of("grants.internal"),
                                        null,
                                        Duration.ofMinutes(5)))
                        .getJWTClaimsSet();

        assertThat(claims.getSubject()).isEqualTo("consent-service");
        assertThat(claims.getStringClaim("client_id")).isEqualTo("consent-service");
        assertThat(claims.getClaims()).doesNotContainKey("grant_id");
        assertThat(claims.getAudience()).containsExactly("urn:grantwire:grant-service");
        assertThat(claims.getStringClaim("scope")).isEqualTo("grants.internal");
    }

    @Test
    void accessTokenWhenNoScopeNamesAnAudienceThenTheIssuerIsTheAudience() throws Exception {
        JWTClaimsSet claims =
                verified(
                                minter.accessToken(
                                        "user",
                                        "client-a",
                                        List.of("openid", "offline_access", "not.in.catalog"),
                                        UUID.randomUUID(),
                                        Duration.ofMinutes(5)))
                        .getJWTClaimsSet();

        assertThat(claims.getAudience()).containsExactly(issuer);
        assertThat(claims.getStringClaim("scope"))
                .isEqualTo("openid offline_access not.in.catalog");
    }

    @Test
    void accessTokenWhenLifetimeIsTheCapThenExpiresExactlyThatLongAfterIssue() throws Exception {
        // The minter signs the lifetime it is given; the 90-minute cap is applied before
        // (TokenIssuer, PolicyService, the org_policy CHECK).
        JWTClaimsSet claims =
                verified(
                                minter.accessToken(
                                        "user",
                                        "client-a",
                                        List.of("code.read"),
                                        UUID.randomUUID(),
                                        TokensConfig.ACCESS_TOKEN_CAP))
                        .getJWTClaimsSet();

        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime())
                .isEqualTo(Duration.ofMinutes(90).toMillis());
    }

    @Test
    void accessTokenWhenMintedTwiceThenEachHasItsOwnJti() throws Exception {
        List<String> scopes = List.of("code.read");
        UUID grantId = UUID.randomUUID();
        String first =
                minter.accessToken("user", "client-a", scopes, grantId, Duration.ofMinutes(5));
        String second =
                minter.accessToken("user", "client-a", scopes, grantId, Duration.ofMinutes(5));

        assertThat(verified(first).getJWTClaimsSet().getJWTID())
                .isNotEqualTo(verified(second).getJWTClaimsSet().getJWTID());
    }

    @Test
    void idTokenWhenNonceNameAndEmailThenJwtForTheClientCarryingThem() throws Exception {
        String user = UUID.randomUUID().toString();

        SignedJWT jwt =
                verified(
                        minter.idToken(
                                user,
                                "client-a",
                                "nonce-1",
                                java.time.Instant.ofEpochSecond(1_780_000_000L),
                                Duration.ofMinutes(15),
                                "Ada Lovelace",
                                "ada@example.test"));

        assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(issuer);
        assertThat(claims.getSubject()).isEqualTo(user);
        assertThat(claims.getAudience()).containsExactly("client-a");
        assertThat(claims.getStringClaim("azp")).isEqualTo("client-a");
        assertThat(claims.getStringClaim("nonce")).isEqualTo("nonce-1");
        assertThat(claims.getLongClaim("auth_time")).isEqualTo(1_780_000_000L);
        assertThat(claims.getStringClaim("name")).isEqualTo("Ada Lovelace");
        assertThat(claims.getStringClaim("email")).isEqualTo("ada@example.test");
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime())
                .isEqualTo(Duration.ofMinutes(15).toMillis());
        // Not an access token: no scope, client_id, grant or jti.
        assertThat(claims.getClaims()).doesNotContainKeys("scope", "client_id", "grant_id", "jti");
    }

    @Test
    void idTokenWhenNoNonceNorProfileThenThoseClaimsAbsent() throws Exception {
        JWTClaimsSet claims =
                verified(
                                minter.idToken(
                                        "user",
                                        "client-a",
                                        null,
                                        null,
                                        Duration.ofMinutes(5),
                                        null,
                                        null))
                        .getJWTClaimsSet();

        assertThat(claims.getSubject()).isEqualTo("user");
        assertThat(claims.getClaims()).doesNotContainKeys("nonce", "auth_time", "name", "email");
    }

    /** Parses the token and checks its signature with the published key its kid names. */
    private SignedJWT verified(String token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        String kid = jwt.getHeader().getKeyID();
        assertThat(kid).isNotBlank();
        JWK published = keys.publicKeys().getKeyByKeyId(kid);
        assertThat(published).as("key %s in the JWKS", kid).isNotNull();
        assertThat(published.isPrivate()).isFalse();
        assertThat(jwt.verify(new RSASSAVerifier(published.toRSAKey()))).isTrue();
        return jwt;
    }
}

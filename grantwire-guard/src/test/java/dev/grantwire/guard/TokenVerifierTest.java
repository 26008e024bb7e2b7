package dev.grantwire.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {

    private static final long NOW = 1_795_000_000_000L;
    private static final Duration S = Duration.ofSeconds(5);
    private static RSAKey key;
    private static RSAKey otherKey;

    private final TestIssuer issuer = new TestIssuer();
    private final AtomicLong clock = new AtomicLong(NOW);
    private final JwksKeySource keys =
            new JwksKeySource(
                    issuer.jwksUrl(), Duration.ofMinutes(5), Duration.ofSeconds(10), clock::get);
    private final TokenVerifier verifier =
            new TokenVerifier(TestIssuer.ISSUER, List.of(TestIssuer.AUDIENCE), S, S, keys);

    @BeforeAll
    static void keys() {
        key = TestIssuer.newKey("k1");
        otherKey = TestIssuer.newKey("k2");
    }

    @AfterEach
    void stop() {
        keys.close();
        issuer.close();
    }

    @Test
    void verifyWhenTokenIsValidThenClaimsAreExposed() throws Exception {
        issuer.publish(key);
        UUID grant = UUID.randomUUID();
        JWTClaimsSet claims = TestIssuer.delegated(NOW / 1000 - 10, grant).build();

        VerifiedToken token = verifier.verify(TestIssuer.sign(key, claims), NOW);

        assertThat(token.subject()).isEqualTo(claims.getSubject());
        assertThat(token.clientId()).isEqualTo("demo-app");
        assertThat(token.scopes()).containsExactlyInAnyOrder("work_items.read", "code.read");
        assertThat(token.grantId()).isEqualTo(grant);
        assertThat(token.isDelegated()).isTrue();
        assertThat(token.jti()).hasToString(claims.getJWTID());
        assertThat(token.issuedAtMillis()).isEqualTo(NOW - 10_000);
        assertThat(token.keyId()).isEqualTo("k1");
    }

    @Test
    void verifyWhenClientCredentialsTokenThenNotDelegated() throws Exception {
        issuer.publish(key);
        VerifiedToken token =
                verifier.verify(TestIssuer.sign(key, TestIssuer.service(NOW / 1000).build()), NOW);
        assertThat(token.grantId()).isNull();
        assertThat(token.isDelegated()).isFalse();
        assertThat(token.subject()).isEqualTo("build-bot");
    }

    @Test
    void verifyWhenSignedByAnotherKeyWithTheSameKidThenInvalid() {
        issuer.publish(key);
        RSAKey impostor = TestIssuer.newKey("k1");
        String token =
                TestIssuer.sign(
                        impostor, TestIssuer.delegated(NOW / 1000, UUID.randomUUID()).build());

        assertRefused(token, Refusal.INVALID_TOKEN, "signature");
    }

    @Test
    void verifyWhenSignatureTamperedThenInvalid() {
        issuer.publish(key);
        String token =
                TestIssuer.sign(key, TestIssuer.delegated(NOW / 1000, UUID.randomUUID()).build());
        String[] parts = token.split("\\.");
        String tampered =
                parts[0]
                        + "."
                        + TestIssuer.sign(key, TestIssuer.service(NOW / 1000).build())
                                .split("\\.")[1]
                        + "."
                        + parts[2];

        assertRefused(tampered, Refusal.INVALID_TOKEN, "signature");
    }

    @Test
    void verifyWhenWrongIssuerThenInvalid() {
        issuer.publish(key);
        JWTClaimsSet claims =
                TestIssuer.delegated(NOW / 1000, UUID.randomUUID())
                        .issuer("http://127.0.0.1:9999")
                        .build();
        assertRefused(TestIssuer.sign(key, claims), Refusal.INVALID_TOKEN, "issuer");
    }

    @Test
    void verifyWhenWrongAudienceThenInvalid() {
        issuer.publish(key);
        JWTClaimsSet claims =
                TestIssuer.delegated(NOW / 1000, UUID.randomUUID())
                        .audience(List.of("urn:grantwire:api:builds"))
                        .build();
        assertRefused(TestIssuer.sign(key, claims), Refusal.INVALID_TOKEN, "not meant");
    }

    @Test
    void verifyWhenTypIsNotAtJwtThenInvalid() {
        issuer.publish(key);
        JWTClaimsSet claims = TestIssuer.delegated(NOW / 1000, UUID.randomUUID()).build();
        assertRefused(TestIssuer.sign(key, claims, "JWT"), Refusal.INVALID_TOKEN, "typ");
    }

    @Test
    void verifyWhenTypIsApplicationAtJwtThenAccepted() throws Exception {
        issuer.publish(key);
        JWTClaimsSet claims = TestIssuer.delegated(NOW / 1000, UUID.randomUUID()).build();
        assertThat(verifier.verify(TestIssuer.sign(key, claims, "application/at+jwt"), NOW))
                .isNotNull();
    }

    @Test
    void verifyWhenExpiredBeyondLeewayThenExpiredAndWithinLeewayThenAccepted() throws Exception {
        issuer.publish(key);
        long exp = NOW - 3_000;
        JWTClaimsSet claims =
                TestIssuer.delegated(NOW / 1000 - 600, UUID.randomUUID())
                        .expirationTime(new Date(exp))
                        .build();
        String token = TestIssuer.sign(key, claims);

        assertThat(verifier.verify(token, exp + S.toMillis()).expiresAtMillis()).isEqualTo(exp);
        assertThatThrownBy(() -> verifier.verify(token, exp + S.toMillis() + 1))
                .isInstanceOfSatisfying(
                        AccessRefusedException.class,
                        e -> assertThat(e.refusal()).isEqualTo(Refusal.EXPIRED_TOKEN));
    }

    @Test
    void verifyWhenTheSameTokenIsSpelledOtherwiseThanIssuedThenInvalid() throws Exception {
        issuer.publish(key);
        String token =
                TestIssuer.sign(key, TestIssuer.delegated(NOW / 1000, UUID.randomUUID()).build());
        String signature = token.substring(token.lastIndexOf('.') + 1);
        int unused = signature.length() % 4;
        assertThat(unused).as("an RS256 signature leaves unused bits").isNotZero();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(token.charAt(token.length() - 1));
        // The same bytes: only the bits past the last byte differ.
        String trailingBits = token.substring(0, token.length() - 1) + alphabet.charAt(last | 1);
        assertThat(verifier.verify(token, clock.get()).subject()).isNotNull();

        for (String spelling :
                new String[] {
                    token + "=".repeat(4 - unused), trailingBits, token + ".", token + " "
                }) {
            assertRefused(spelling, Refusal.INVALID_TOKEN, "spelled as issued");
        }
    }

    @Test
    void verifyWhenMalformedOrMissingClaimsThenInvalid() {
        issuer.publish(key);
        assertRefused("not-a-jwt", Refusal.INVALID_TOKEN, "well-formed");
        JWTClaimsSet noJti =
                TestIssuer.delegated(NOW / 1000, UUID.randomUUID()).jwtID("abc").build();
        assertRefused(TestIssuer.sign(key, noJti), Refusal.INVALID_TOKEN, "UUID");
        JWTClaimsSet noClient =
                TestIssuer.delegated(NOW / 1000, UUID.randomUUID())
                        .claim("client_id", null)
                        .build();
        assertRefused(TestIssuer.sign(key, noClient), Refusal.INVALID_TOKEN, "client_id");
    }

    @Test
    void keyWhenKidUnknownThenJwksIsFetchedAgainAtMostOncePerMinRefetch() throws Exception {
        issuer.publish(key);
        verifier.verify(TestIssuer.sign(key, TestIssuer.service(NOW / 1000).build()), NOW);
        assertThat(issuer.fetches()).isEqualTo(1);

        // A new key appears at the issuer: the unknown kid causes one fetch.
        clock.addAndGet(10_000);
        issuer.publish(otherKey);
        String byNewKey = TestIssuer.sign(otherKey, TestIssuer.service(NOW / 1000).build());
        assertThat(verifier.verify(byNewKey, clock.get()).keyId()).isEqualTo("k2");
        assertThat(issuer.fetches()).isEqualTo(2);

        // Made-up kids within the rate limit cause no fetch.
        RSAKey unknown = TestIssuer.newKey("k3");
        String byUnknown = TestIssuer.sign(unknown, TestIssuer.service(NOW / 1000).build());
        clock.addAndGet(1_000);
        assertRefused(byUnknown, Refusal.INVALID_TOKEN, "unknown key");
        assertRefused(byUnknown, Refusal.INVALID_TOKEN, "unknown key");
        clock.addAndGet(5_000);
        assertRefused(byUnknown, Refusal.INVALID_TOKEN, "unknown key");
        assertThat(issuer.fetches()).isEqualTo(2);

        // After the minimum interval one more fetch is allowed.
        clock.addAndGet(10_000);
        assertRefused(byUnknown, Refusal.INVALID_TOKEN, "unknown key");
        assertThat(issuer.fetches()).isEqualTo(3);
    }

    @Test
    void refreshWhenKeyNoLongerPublishedThenItIsDropped() throws Exception {
        issuer.publish(key);
        issuer.publish(otherKey);
        assertThat(keys.refresh()).isTrue();
        assertThat(keys.keyIds()).containsExactlyInAnyOrder("k1", "k2");

        issuer.withdraw(key);
        assertThat(keys.refresh()).isTrue();

        assertThat(keys.isPublished("k1")).isFalse();
        assertThat(keys.isPublished("k2")).isTrue();
        assertRefused(
                TestIssuer.sign(key, TestIssuer.service(NOW / 1000).build()),
                Refusal.INVALID_TOKEN,
                "unknown key");
    }

    @Test
    void refreshWhenIssuerUnreachableThenKeysAreKept() {
        issuer.publish(key);
        assertThat(keys.refresh()).isTrue();
        issuer.close();
        assertThat(keys.refresh()).isFalse();
        assertThat(keys.isPublished("k1")).isTrue();
    }

    @Test
    void constructWhenLeewayLargerThanClockSkewThenRefused() {
        assertThatThrownBy(
                        () ->
                                new TokenVerifier(
                                        TestIssuer.ISSUER,
                                        List.of(TestIssuer.AUDIENCE),
                                        Duration.ofSeconds(6),
                                        S,
                                        keys))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("leeway");
        assertThat(
                        new TokenVerifier(
                                        TestIssuer.ISSUER, List.of(TestIssuer.AUDIENCE), S, S, keys)
                                .leewayMillis())
                .isEqualTo(5_000);
    }

    private void assertRefused(String token, Refusal refusal, String messagePart) {
        assertThatThrownBy(() -> verifier.verify(token, clock.get()))
                .isInstanceOfSatisfying(
                        AccessRefusedException.class,
                        e -> {
                            assertThat(e.refusal()).isEqualTo(refusal);
                            assertThat(e.getMessage()).containsIgnoringCase(messagePart);
                        });
    }
}

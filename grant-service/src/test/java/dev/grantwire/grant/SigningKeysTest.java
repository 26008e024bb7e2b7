package dev.grantwire.grant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.grantwire.grant.support.Fixture;
import dev.grantwire.grant.support.Jose4j;
import dev.grantwire.grant.token.KeyEncryption;
import dev.grantwire.grant.token.SigningKeys;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Signing keys at rest and across a rotation. */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "grant_service"))
class SigningKeysTest {

    @Inject AgroalDataSource database;
    @Inject SigningKeys keys;

    @TestHTTPResource("/")
    URL base;

    @ConfigProperty(name = "grantwire.keys.encryption-key")
    String encryptionKey;

    @ConfigProperty(name = "grantwire.issuer")
    String issuer;

    Fixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new Fixture(base.toURI(), database);
    }

    @Test
    void storedKeyWhenReadWithoutConfiguredKeyThenUnreadable() throws Exception {
        String kid;
        byte[] stored;
        String publicJwk;
        try (Connection connection = database.getConnection();
                PreparedStatement query =
                        connection.prepareStatement(
                                "SELECT kid, private_key_enc, public_jwk FROM signing_key LIMIT 1");
                ResultSet row = query.executeQuery()) {
            assertThat(row.next()).isTrue();
            kid = row.getString(1);
            stored = row.getBytes(2);
            publicJwk = row.getString(3);
        }
        RSAKey published = RSAKey.parse(publicJwk);
        assertThat(published.isPrivate()).isFalse();
        assertThatThrownBy(
                        () ->
                                KeyFactory.getInstance("RSA")
                                        .generatePrivate(new PKCS8EncodedKeySpec(stored)))
                .isInstanceOf(GeneralSecurityException.class);
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        KeyEncryption wrong = new KeyEncryption(Base64.getEncoder().encodeToString(otherKey));
        assertThatThrownBy(() -> wrong.decrypt(stored, kid))
                .isInstanceOf(GeneralSecurityException.class);

        byte[] pkcs8 = new KeyEncryption(encryptionKey).decrypt(stored, kid);
        RSAPrivateCrtKey privateKey =
                (RSAPrivateCrtKey)
                        KeyFactory.getInstance("RSA")
                                .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        assertThat(privateKey.getModulus()).isEqualTo(published.getModulus().decodeToBigInteger());
        assertThat(indexOf(stored, pkcs8)).isEqualTo(-1);
    }

    @Test
    void rotateWhenNewKeyActivatesThenOldTokensVerifyAndNewTokensCarryNewKid() throws Exception {
        String before = fixture.internalToken();
        String oldKid = SignedJWT.parse(before).getHeader().getKeyID();

        String newKid = keys.rotate();
        keys.reload();

        List<String> published = kids();
        assertThat(published).contains(oldKid, newKid);
        // Published first, signs only after the activation delay (3 s in tests).
        assertThat(SignedJWT.parse(fixture.internalToken()).getHeader().getKeyID())
                .isEqualTo(oldKid);

        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () ->
                                newKid.equals(
                                        SignedJWT.parse(fixture.internalToken())
                                                .getHeader()
                                                .getKeyID()));
        String after = fixture.internalToken();

        for (String token : List.of(before, after)) {
            assertThat(
                            Jose4j.verify(
                                            token,
                                            fixture.endpoint("/oauth2/jwks"),
                                            issuer,
                                            "urn:grantwire:grant-service")
                                    .getSubject())
                    .isEqualTo(Fixture.CONSENT_CLIENT);
        }
        assertThat(kids()).contains(oldKid, newKid);
    }

    private List<String> kids() throws Exception {
        String body = given().get("/oauth2/jwks").then().statusCode(200).extract().asString();
        JWKSet set = JWKSet.parse(body);
        assertThat(set.getKeys()).allMatch(k -> !k.isPrivate());
        return set.getKeys().stream().map(k -> k.getKeyID()).toList();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

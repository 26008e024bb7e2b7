package dev.grantwire.grant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.grantwire.testsupport.quarkus.KafkaAndPostgresResource;
import dev.grantwire.testsupport.quarkus.ManagementInterface;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Discovery documents, parsed by a standard client library. */
@QuarkusTest
@QuarkusTestResource(
        value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "grant_service"))
class MetadataTest {

    @Test
    void openidConfigurationWhenParsedThenNamesEveryEndpointAndS256Only() throws Exception {
        OIDCProviderMetadata metadata =
                OIDCProviderMetadata.parse(
                        given().get("/.well-known/openid-configuration")
                                .then()
                                .statusCode(200)
                                .extract()
                                .asString());
        assertThat(metadata.getIssuer().getValue()).isEqualTo("http://127.0.0.1:8081");
        assertThat(metadata.getAuthorizationEndpointURI())
                .hasToString("http://127.0.0.1:8080/oauth2/authorize");
        assertThat(metadata.getRevocationEndpointURI())
                .hasToString("http://127.0.0.1:8082/oauth2/revoke");
        assertThat(metadata.getTokenEndpointURI())
                .hasToString("http://127.0.0.1:8081/oauth2/token");
        assertThat(metadata.getJWKSetURI()).hasToString("http://127.0.0.1:8081/oauth2/jwks");
        assertThat(metadata.getCodeChallengeMethods()).containsExactly(CodeChallengeMethod.S256);
        assertThat(metadata.supportsAuthorizationResponseIssuerParam()).isTrue();
        assertThat(metadata.getGrantTypes())
                .contains(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN);
        assertThat(metadata.getScopes().toStringList())
                .contains("work_items.read", "openid", "offline_access")
                .doesNotContain("grants.internal", "revocations.internal");
        assertThat(metadata.getIDTokenJWSAlgs())
                .extracting(Object::toString)
                .containsExactly("RS256");
    }

    @Test
    void authorizationServerMetadataWhenParsedThenSameIssuer() throws Exception {
        AuthorizationServerMetadata metadata =
                AuthorizationServerMetadata.parse(
                        given().get("/.well-known/oauth-authorization-server")
                                .then()
                                .statusCode(200)
                                .extract()
                                .asString());
        assertThat(metadata.getIssuer().getValue()).isEqualTo("http://127.0.0.1:8081");
        assertThat(metadata.getTokenEndpointAuthMethods())
                .extracting(Object::toString)
                .containsAll(List.of("client_secret_basic", "client_secret_post", "none"));
    }

    @Test
    void metricsWhenScrapedThenOutboxAgeIsPublished() {
        given().baseUri(ManagementInterface.url())
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(
                        org.hamcrest.Matchers.containsString(
                                "grantwire_command_outbox_oldest_age_seconds"));
    }
}

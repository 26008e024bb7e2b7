package dev.grantwire.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grantwire.testsupport.stack.Stack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client needs nothing but the issuer URL: the packaged grant-service's metadata names itself and
 * every endpoint where it really is, across the three services.
 */
@ExtendWith(StackExtension.class)
class DiscoveryIT {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void discoveryWhenFetchedFromTheIssuerThenEveryEndpointIsWhereTheServicesRun(Stack stack)
            throws Exception {
        String issuer = stack.url(Stack.Service.GRANT);

        JsonNode metadata = get(issuer + "/.well-known/openid-configuration");

        assertThat(metadata.path("issuer").asText()).isEqualTo(issuer);
        assertThat(metadata.path("authorization_endpoint").asText())
                .isEqualTo(stack.url(Stack.Service.CONSENT) + "/oauth2/authorize");
        assertThat(metadata.path("revocation_endpoint").asText())
                .isEqualTo(stack.url(Stack.Service.REVOCATION) + "/oauth2/revoke");
        assertThat(metadata.path("token_endpoint").asText()).isEqualTo(issuer + "/oauth2/token");
        assertThat(metadata.path("code_challenge_methods_supported").toString())
                .isEqualTo("[\"S256\"]");
        JsonNode keys = get(metadata.path("jwks_uri").asText()).path("keys");
        assertThat(keys.size()).isPositive();
        assertThat(keys.get(0).path("kid").asText()).isNotBlank();
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> answer =
                http.send(
                        HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(url).isEqualTo(200);
        return json.readTree(answer.body());
    }
}

package dev.grantwire.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/**
 * grant-service's token endpoint as a service calls it for its own token: the client credentials
 * grant (<a href="https://www.rfc-editor.org/rfc/rfc6749#section-4.4">RFC 6749 section 4.4</a>)
 * with {@code client_secret_basic}. The endpoint itself is the public OAuth one, not an internal
 * API; this is only its client side.
 */
@Path("/oauth2/token")
public interface TokenEndpoint {

    /** The token response's fields a service needs. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Answer(
            @JsonProperty("access_token") String accessToken,
            @JsonProperty("expires_in") Long expiresIn) {}

    /** {@code grant_type=client_credentials}. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Answer clientCredentials(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String basic,
            @FormParam("grant_type") String grantType,
            @FormParam("scope") String scope);
}

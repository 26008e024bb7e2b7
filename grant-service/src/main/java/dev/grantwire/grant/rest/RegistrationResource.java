package dev.grantwire.grant.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.grantwire.grant.domain.App;
import dev.grantwire.grant.protocol.OAuthException;
import dev.grantwire.grant.service.RegistrationService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/** RFC 7591 registration endpoint. */
@Path("/oauth2/register")
public class RegistrationResource {

    /** RFC 7591 section 2 client metadata, plus Grantwire's publisher, description and app type. */
    public record Request(
            @JsonProperty("client_name") String clientName,
            @JsonProperty("publisher") String publisher,
            @JsonProperty("client_uri") String clientUri,
            @JsonProperty("logo_uri") String logoUri,
            @JsonProperty("description") String description,
            @JsonProperty("redirect_uris") List<String> redirectUris,
            @JsonProperty("grant_types") List<String> grantTypes,
            @JsonProperty("token_endpoint_auth_method") String tokenEndpointAuthMethod,
            @JsonProperty("scope") String scope,
            @JsonProperty("grantwire_app_type") String appType) {}

    /** RFC 7591 section 3.2.1 response. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Reply(
            @JsonProperty("client_id") String clientId,
            @JsonProperty("client_secret") String clientSecret,
            @JsonProperty("client_id_issued_at") long issuedAt,
            @JsonProperty("client_secret_expires_at") Long secretExpiresAt,
            @JsonProperty("client_name") String clientName,
            @JsonProperty("redirect_uris") List<String> redirectUris,
            @JsonProperty("grant_types") List<String> grantTypes,
            @JsonProperty("response_types") List<String> responseTypes,
            @JsonProperty("token_endpoint_auth_method") String tokenEndpointAuthMethod,
            @JsonProperty("scope") String scope,
            @JsonProperty("grantwire_app_type") String appType) {}

    private final RegistrationService registrations;

    RegistrationResource(RegistrationService registrations) {
        this.registrations = registrations;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response register(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, Request request) {
        String token =
                authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                        ? authorization.substring(7).trim()
                        : null;
        if (!registrations.acceptsInitialAccessToken(token)) {
            return Response.status(401)
                    .header(
                            HttpHeaders.WWW_AUTHENTICATE,
                            "Bearer realm=\"grantwire\", error=\"invalid_token\"")
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(
                            java.util.Map.of(
                                    "error",
                                    "invalid_token",
                                    "error_description",
                                    "an initial access token is required"))
                    .build();
        }
        return registered(registrations, request, "initial-access-token");
    }

    /** Registers and answers per RFC 7591 section 3.2.1; shared with the admin API. */
    public static Response registered(
            RegistrationService registrations, Request request, String actor) {
        if (request == null) {
            throw new OAuthException(
                    "invalid_client_metadata", "a JSON body is required", 400, false);
        }
        RegistrationService.Registered registered =
                registrations.register(
                        new RegistrationService.Metadata(
                                request.clientName(),
                                request.publisher(),
                                request.clientUri(),
                                request.logoUri(),
                                request.description(),
                                request.redirectUris(),
                                request.grantTypes(),
                                request.tokenEndpointAuthMethod(),
                                request.scope(),
                                request.appType()),
                        actor);
        App app = registered.app();
        return Response.status(201)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(
                        new Reply(
                                app.clientId(),
                                registered.secret(),
                                Instant.now().getEpochSecond(),
                                registered.secret() == null ? null : 0L,
                                app.name(),
                                app.redirectUris(),
                                app.grantTypes(),
                                List.of("code"),
                                app.tokenEndpointAuthMethod(),
                                String.join(" ", app.allowedScopes()),
                                app.type()))
                .build();
    }
}

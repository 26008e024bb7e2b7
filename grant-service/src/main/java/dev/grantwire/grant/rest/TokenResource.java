package dev.grantwire.grant.rest;

import dev.grantwire.grant.domain.App;
import dev.grantwire.grant.protocol.OAuthException;
import dev.grantwire.grant.protocol.TokenForm;
import dev.grantwire.grant.service.AuthorizationCodeExchange;
import dev.grantwire.grant.service.ClientAuthenticator;
import dev.grantwire.grant.service.ClientCredentialsGrant;
import dev.grantwire.grant.service.CorsPolicy;
import dev.grantwire.grant.service.RefreshTokenRotation;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The token endpoint, <a href="https://www.rfc-editor.org/rfc/rfc6749#section-3.2">RFC 6749 section
 * 3.2</a>. The body is parsed here, strictly, so that any malformed input is an RFC 6749 error and
 * never a framework error page.
 */
@Path("/oauth2/token")
public class TokenResource {

    private final ClientAuthenticator clients;
    private final AuthorizationCodeExchange codes;
    private final RefreshTokenRotation refreshes;
    private final ClientCredentialsGrant clientCredentials;
    private final CorsPolicy cors;
    private final RateLimited limits;

    TokenResource(
            ClientAuthenticator clients,
            AuthorizationCodeExchange codes,
            RefreshTokenRotation refreshes,
            ClientCredentialsGrant clientCredentials,
            CorsPolicy cors,
            RateLimited limits) {
        this.clients = clients;
        this.codes = codes;
        this.refreshes = refreshes;
        this.clientCredentials = clientCredentials;
        this.cors = cors;
        this.limits = limits;
    }

    /** CORS preflight of a single-page app (a public client) before its token request. */
    @OPTIONS
    public Response preflight(@HeaderParam("Origin") String origin) {
        String allowed = cors.allowedOrigin("/oauth2/token", origin);
        Response.ResponseBuilder response = Response.noContent().header("Vary", "Origin");
        if (allowed != null) {
            response.header(CorsFilter.ALLOW_ORIGIN, allowed)
                    .header("Access-Control-Allow-Methods", "POST")
                    .header("Access-Control-Allow-Headers", "Content-Type")
                    .header("Access-Control-Max-Age", "600");
        }
        return response.build();
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response token(
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context HttpServerRequest request,
            String body) {
        TokenForm form = TokenForm.parse(contentType, body);
        limits.take(authorization, form.single("client_id"), request);
        String grantType = form.required("grant_type");
        App client = clients.authenticate(authorization, form);
        String response =
                switch (grantType) {
                    case "authorization_code" -> codes.exchange(client, form);
                    case "refresh_token" -> refreshes.refresh(client, form);
                    case "client_credentials" -> clientCredentials.issue(client, form);
                    default ->
                            throw OAuthException.unsupportedGrantType(
                                    "this grant_type is not supported");
                };
        return Response.ok(response, MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Pragma", "no-cache")
                .build();
    }
}

package dev.grantwire.grant.rest;

import dev.grantwire.grant.domain.App;
import dev.grantwire.grant.protocol.OAuthException;
import dev.grantwire.grant.service.RegistrationService;
import dev.grantwire.internal.grants.Registered;
import dev.grantwire.internal.grants.Registration;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/** RFC 7591 registration endpoint. */
@Path("/oauth2/register")
public class RegistrationResource {

    private final RegistrationService registrations;
    private final RateLimited limits;

    RegistrationResource(RegistrationService registrations, RateLimited limits) {
        this.registrations = registrations;
        this.limits = limits;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response register(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context HttpServerRequest http,
            Registration request) {
        // Per address only: a registration has no client yet.
        limits.take(null, null, http);
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
        return Response.status(201)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(
                        register(
                                registrations,
                                request,
                                RegistrationService.Registrar.DYNAMIC,
                                "initial-access-token"))
                .build();
    }

    /**
     * Registers and makes the answer of RFC 7591 section 3.2.1 (sent with 201 and {@code
     * no-store}); shared with the admin API.
     */
    public static Registered register(
            RegistrationService registrations,
            Registration request,
            RegistrationService.Registrar registrar,
            String actor) {
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
                        registrar,
                        actor);
        App app = registered.app();
        return new Registered(
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
                app.type());
    }
}

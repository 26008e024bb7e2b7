package dev.grantwire.revocation.rest;

import dev.grantwire.internal.grants.TokenResolutionRequest;
import dev.grantwire.internal.limits.RateLimits;
import dev.grantwire.revocation.client.GrantServiceClient;
import dev.grantwire.revocation.client.GrantServiceUnavailableException;
import dev.grantwire.revocation.service.TokenRevocation;
import dev.grantwire.revocation.service.TokenRevocation.Outcome;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.jboss.logging.Logger;

/**
 * Token revocation, <a href="https://www.rfc-editor.org/rfc/rfc7009#section-2">RFC 7009 section
 * 2</a>: {@code POST /oauth2/revoke} with {@code token} and an optional {@code token_type_hint},
 * the client authenticating as at grant-service's token endpoint (Basic, form secret, or a public
 * client's {@code client_id}). HTTP only; the rules are in {@link TokenRevocation}.
 *
 * <p>200 with an empty body when revoked, and for an unknown, expired or already revoked token
 * (section 2.2); {@code 401 invalid_client} (with a {@code Basic} challenge when the client tried
 * Basic) for a client that does not authenticate and for another client's token, nothing recorded;
 * {@code 400 invalid_request} for a malformed request; {@code 503 temporarily_unavailable} when
 * grant-service cannot be asked (section 2.2.1: retry); {@code 429 temporarily_unavailable} with
 * {@code Retry-After} for a client or address over its rate limit ({@link RateLimits}). Every
 * answer is {@code no-store}.
 *
 * <p>CORS: a single-page app (a public client) revokes its tokens from the browser on sign-out, so
 * an answer carries {@code Access-Control-Allow-Origin} for the origins grant-service allows at its
 * own token endpoint ({@link GrantServiceClient#corsAllowed}), asked only when the request has an
 * {@code Origin}; never with credentials.
 */
@Path("/oauth2/revoke")
public class RevokeEndpoint {

    private static final Logger LOG = Logger.getLogger(RevokeEndpoint.class);

    private static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";

    private final TokenRevocation revocation;
    private final GrantServiceClient grantService;
    private final RateLimits limits;

    RevokeEndpoint(TokenRevocation revocation, GrantServiceClient grantService, RateLimits limits) {
        this.revocation = revocation;
        this.grantService = grantService;
        this.limits = limits;
    }

    /** CORS preflight of a single-page app before its revocation request. */
    @OPTIONS
    public Response preflight(@HeaderParam("Origin") String origin) {
        Response.ResponseBuilder response = Response.noContent().header("Vary", "Origin");
        if (corsAllowed(origin)) {
            response.header(ALLOW_ORIGIN, origin)
                    .header("Access-Control-Allow-Methods", "POST")
                    .header("Access-Control-Allow-Headers", "Content-Type")
                    .header("Access-Control-Max-Age", "600");
        }
        return response.build();
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response revoke(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam("Origin") String origin,
            @Context HttpServerRequest request,
            String body) {
        Response answer = answer(authorization, contentType, body, request);
        if (!corsAllowed(origin)) {
            return answer;
        }
        return Response.fromResponse(answer)
                .header(ALLOW_ORIGIN, origin)
                .header("Vary", "Origin")
                .build();
    }

    /**
     * Whether grant-service allows the origin; false when it cannot say, so an outage costs a
     * browser app the answer, never the revocation.
     */
    private boolean corsAllowed(String origin) {
        if (origin == null) {
            return false;
        }
        try {
            return grantService.corsAllowed(origin);
        } catch (GrantServiceUnavailableException e) {
            LOG.debugf("CORS origin not checked, grant-service unavailable: %s", e);
            return false;
        }
    }

    private Response answer(
            String authorization, String contentType, String body, HttpServerRequest request) {
        RevokeForm form;
        try {
            form = RevokeForm.parse(contentType, body);
        } catch (RevokeForm.Malformed e) {
            return error(400, "invalid_request", e.getMessage(), false);
        }
        // Before grant-service is asked to authenticate the client: guessing is limited too.
        OptionalLong wait =
                limits.take(
                        RateLimits.caller(authorization, form.get("client_id")),
                        limits.address(request));
        if (wait.isPresent()) {
            return oauthError(
                            429,
                            "temporarily_unavailable",
                            "too many requests; retry after " + wait.getAsLong() + " s",
                            false)
                    .header("Retry-After", wait.getAsLong())
                    .build();
        }
        Outcome outcome;
        try {
            outcome =
                    revocation.revoke(
                            new TokenResolutionRequest(
                                    authorization,
                                    form.get("client_id"),
                                    form.get("client_secret"),
                                    form.get("client_assertion_type"),
                                    form.get("client_assertion"),
                                    form.get("token"),
                                    form.get("token_type_hint")));
        } catch (GrantServiceUnavailableException e) {
            LOG.warnf("revocation request not answered, grant-service unavailable: %s", e);
            return oauthError(503, "temporarily_unavailable", "try again shortly", false)
                    .header("Retry-After", "1")
                    .build();
        }
        switch (outcome.result()) {
            case CLIENT_REFUSED:
                return error(
                        "invalid_request".equals(outcome.error()) ? 400 : 401,
                        outcome.error(),
                        outcome.errorDescription(),
                        outcome.basicChallenge());
            case TOKEN_MISSING:
                return error(400, "invalid_request", "parameter token is missing", false);
            case FOREIGN_TOKEN:
                return error(
                        401,
                        "invalid_client",
                        "the token was not issued to this client",
                        authorization != null);
            default:
                return noStore(Response.ok()).build();
        }
    }

    private static Response error(int status, String error, String description, boolean basic) {
        return oauthError(status, error, description, basic).build();
    }

    /** An RFC 6749 section 5.2 error body. */
    private static Response.ResponseBuilder oauthError(
            int status, String error, String description, boolean basic) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        if (description != null) {
            body.put("error_description", description);
        }
        Response.ResponseBuilder response =
                noStore(Response.status(status)).type(MediaType.APPLICATION_JSON).entity(body);
        if (basic) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"grantwire\"");
        }
        return response;
    }

    private static Response.ResponseBuilder noStore(Response.ResponseBuilder response) {
        return response.header("Cache-Control", "no-store").header("Pragma", "no-cache");
    }
}

package dev.grantwire.grant.rest;

import dev.grantwire.grant.domain.App;
import dev.grantwire.grant.protocol.OAuthException;
import dev.grantwire.grant.protocol.TokenForm;
import dev.grantwire.grant.service.ClientAuthenticator;
import dev.grantwire.grant.service.IntrospectionService;
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

/** RFC 7662 introspection, for authenticated (confidential) clients such as resource servers. */
@Path("/oauth2/introspect")
public class IntrospectionResource {

    private final ClientAuthenticator clients;
    private final IntrospectionService introspection;
    private final RateLimited limits;

    IntrospectionResource(
            ClientAuthenticator clients, IntrospectionService introspection, RateLimited limits) {
        this.clients = clients;
        this.introspection = introspection;
        this.limits = limits;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response introspect(
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context HttpServerRequest request,
            String body) {
        TokenForm form = TokenForm.parse(contentType, body);
        limits.take(authorization, form.single("client_id"), request);
        App caller = clients.authenticate(authorization, form);
        if (caller.isPublic()) {
            throw OAuthException.invalidClient("introspection needs client authentication", false);
        }
        return Response.ok(introspection.introspect(form.required("token"), caller))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }
}

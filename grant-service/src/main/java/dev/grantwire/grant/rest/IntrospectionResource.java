package dev.grantwire.grant.rest;

import dev.grantwire.grant.domain.App;
import dev.grantwire.grant.protocol.OAuthException;
import dev.grantwire.grant.protocol.TokenForm;
import dev.grantwire.grant.service.ClientAuthenticator;
import dev.grantwire.grant.service.IntrospectionService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** RFC 7662 introspection, for authenticated (confidential) clients such as resource servers. */
@Path("/oauth2/introspect")
public class IntrospectionResource {

    private final ClientAuthenticator clients;
    private final IntrospectionService introspection;

    IntrospectionResource(ClientAuthenticator clients, IntrospectionService introspection) {
        this.clients = clients;
        this.introspection = introspection;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response introspect(
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            String body) {
        TokenForm form = TokenForm.parse(contentType, body);
        App caller = clients.authenticate(authorization, form);
        if (caller.isPublic()) {
            throw OAuthException.invalidClient("introspection needs client authentication", false);
        }
        return Response.ok(introspection.introspect(form.required("token"), caller))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }
}

package dev.grantwire.grant.rest.internal;

import dev.grantwire.grant.domain.App;
import dev.grantwire.grant.persistence.AppRepository;
import dev.grantwire.grant.security.InternalApi;
import dev.grantwire.grant.service.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** An app as consent-service needs it to validate an authorization request and show the page. */
@InternalApi
@Path("/internal/v1/apps")
@Produces(MediaType.APPLICATION_JSON)
public class InternalAppsResource {

    /** The public face of an app (never its secrets). */
    public record AppView(
            String clientId,
            String name,
            String publisher,
            String website,
            String logoUri,
            String description,
            List<String> redirectUris,
            List<String> allowedScopes,
            boolean publicClient,
            String type,
            boolean enabled) {}

    private final AppRepository apps;

    InternalAppsResource(AppRepository apps) {
        this.apps = apps;
    }

    @GET
    @Path("{clientId}")
    public AppView app(@PathParam("clientId") String clientId) {
        return view(
                apps.find(clientId)
                        .filter(a -> !a.internal())
                        .orElseThrow(() -> ProblemException.notFound("unknown client")));
    }

    static AppView view(App app) {
        return new AppView(
                app.clientId(),
                app.name(),
                app.publisher(),
                app.website(),
                app.logoUri(),
                app.description(),
                app.redirectUris(),
                app.allowedScopes(),
                app.isPublic(),
                app.type(),
                app.isEnabled());
    }
}

package dev.grantwire.examples.resource.rest;

import dev.grantwire.examples.resource.domain.Build;
import dev.grantwire.examples.resource.service.DemoCatalog;
import dev.grantwire.guard.quarkus.CurrentToken;
import dev.grantwire.guard.quarkus.RequiresScope;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The builds of the signed-in user's repositories (demo data). */
@Path("/api/builds")
@Produces(MediaType.APPLICATION_JSON)
public class BuildResource {

    private final DemoCatalog catalog;
    private final CurrentToken token;

    BuildResource(DemoCatalog catalog, CurrentToken token) {
        this.catalog = catalog;
        this.token = token;
    }

    /** The caller's latest builds. */
    @GET
    @RequiresScope("builds.read")
    public List<Build> builds() {
        return catalog.builds(token.get().subject());
    }
}

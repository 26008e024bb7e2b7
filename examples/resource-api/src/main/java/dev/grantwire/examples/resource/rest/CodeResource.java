package dev.grantwire.examples.resource.rest;

import dev.grantwire.examples.resource.domain.CodeRepository;
import dev.grantwire.examples.resource.service.DemoCatalog;
import dev.grantwire.guard.quarkus.CurrentToken;
import dev.grantwire.guard.quarkus.RequiresScope;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The signed-in user's code repositories (demo data). */
@Path("/api/code")
@Produces(MediaType.APPLICATION_JSON)
public class CodeResource {

    private final DemoCatalog catalog;
    private final CurrentToken token;

    CodeResource(DemoCatalog catalog, CurrentToken token) {
        this.catalog = catalog;
        this.token = token;
    }

    /** The caller's repositories. */
    @GET
    @Path("/repositories")
    @RequiresScope("code.read")
    public List<CodeRepository> repositories() {
        return catalog.repositories(token.get().subject());
    }
}

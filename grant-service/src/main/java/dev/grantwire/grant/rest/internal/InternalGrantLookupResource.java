package dev.grantwire.grant.rest.internal;

import dev.grantwire.grant.domain.Grant;
import dev.grantwire.grant.persistence.GrantRepository;
import dev.grantwire.grant.security.InternalApi;
import dev.grantwire.grant.service.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/**
 * {@code GET /internal/v1/grants/{grantId}}: whose a grant is, for the services that act on it
 * (revocation-service checks ownership and fills the revocation's app and user from it).
 */
@InternalApi
@Path("/internal/v1/grants/{grantId}")
@Produces(MediaType.APPLICATION_JSON)
public class InternalGrantLookupResource {

    /** The owner, app and status of a grant. */
    public record GrantOwner(UUID grantId, UUID userId, String clientId, String status) {}

    private final GrantRepository grants;

    InternalGrantLookupResource(GrantRepository grants) {
        this.grants = grants;
    }

    @GET
    public GrantOwner grant(@PathParam("grantId") String grantId) {
        UUID id;
        try {
            id = UUID.fromString(grantId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("unknown grant");
        }
        Grant grant = grants.find(id).orElseThrow(() -> ProblemException.notFound("unknown grant"));
        return new GrantOwner(grant.grantId(), grant.userId(), grant.clientId(), grant.status());
    }
}

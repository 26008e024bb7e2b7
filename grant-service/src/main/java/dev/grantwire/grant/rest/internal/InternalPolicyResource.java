package dev.grantwire.grant.rest.internal;

import dev.grantwire.grant.domain.OrgPolicy;
import dev.grantwire.grant.security.InternalApi;
import dev.grantwire.grant.service.PolicyService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The org policy's switches, read-only, for any Grantwire service: consent-service tells a user
 * that third-party access is switched off before it shows the approval page. Changing the policy
 * stays an admin action ({@link InternalAdminResource}).
 */
@InternalApi
@Path("/internal/v1/policy")
@Produces(MediaType.APPLICATION_JSON)
public class InternalPolicyResource {

    /** Whether apps may be authorized at all, and whether legacy (long-lived) apps may. */
    public record Switches(boolean thirdPartyAccess, boolean legacyAppsAllowed) {}

    private final PolicyService policy;

    InternalPolicyResource(PolicyService policy) {
        this.policy = policy;
    }

    @GET
    public Switches switches() {
        OrgPolicy current = policy.current();
        return new Switches(current.thirdPartyAccess(), current.legacyAppsAllowed());
    }
}

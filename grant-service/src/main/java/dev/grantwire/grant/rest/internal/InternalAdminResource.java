package dev.grantwire.grant.rest.internal;

import dev.grantwire.grant.domain.OrgPolicy;
import dev.grantwire.grant.rest.RegistrationResource;
import dev.grantwire.grant.security.InternalApi;
import dev.grantwire.grant.service.AdminService;
import dev.grantwire.grant.service.GrantQueries;
import dev.grantwire.grant.service.PolicyService;
import dev.grantwire.grant.service.ProblemException;
import dev.grantwire.grant.service.RegistrationService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Admin actions, called by consent-service's admin pages with its service token and the acting
 * user's id in {@value #ACTING_USER}; grant-service decides itself whether that user is an admin.
 */
@InternalApi
@Path("/internal/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
public class InternalAdminResource {

    /** Header naming the Grantwire user on whose behalf the service calls. */
    public static final String ACTING_USER = "Grantwire-Acting-User";

    /** The policy as admins read and write it (durations in seconds). */
    public record PolicyView(
            Boolean thirdPartyAccess,
            Boolean legacyAppsAllowed,
            Long accessTokenLifetimeSeconds,
            Long refreshTokenLifetimeSeconds,
            Long legacyRefreshLifetimeSeconds) {

        static PolicyView of(OrgPolicy policy) {
            return new PolicyView(
                    policy.thirdPartyAccess(),
                    policy.legacyAppsAllowed(),
                    policy.accessTokenLifetime().toSeconds(),
                    policy.refreshTokenLifetime().toSeconds(),
                    policy.legacyRefreshLifetime().toSeconds());
        }
    }

    private final AdminService admin;
    private final PolicyService policy;
    private final GrantQueries grants;
    private final RegistrationService registrations;

    InternalAdminResource(
            AdminService admin,
            PolicyService policy,
            GrantQueries grants,
            RegistrationService registrations) {
        this.admin = admin;
        this.policy = policy;
        this.grants = grants;
        this.registrations = registrations;
    }

    /**
     * Registers an app for an admin, with the RFC 7591 metadata of {@code /oauth2/register} and the
     * same answer (the secret is shown once).
     */
    @POST
    @Path("apps")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(
            @HeaderParam(ACTING_USER) UUID actingUser, RegistrationResource.Request request) {
        String actor = admin.requireAdmin(actingUser);
        return RegistrationResource.registered(registrations, request, actor);
    }

    @GET
    @Path("grants")
    public List<GrantQueries.GrantView> grants(
            @HeaderParam(ACTING_USER) UUID actingUser,
            @QueryParam("userId") UUID userId,
            @QueryParam("clientId") String clientId,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        admin.requireAdmin(actingUser);
        return grants.search(userId, clientId, limit);
    }

    @GET
    @Path("apps")
    public List<InternalAppsResource.AppView> apps(@HeaderParam(ACTING_USER) UUID actingUser) {
        admin.requireAdmin(actingUser);
        return admin.apps().stream().map(InternalAppsResource::view).toList();
    }

    @GET
    @Path("apps/{clientId}")
    public InternalAppsResource.AppView app(
            @HeaderParam(ACTING_USER) UUID actingUser, @PathParam("clientId") String clientId) {
        admin.requireAdmin(actingUser);
        return InternalAppsResource.view(admin.app(clientId));
    }

    @PUT
    @Path("apps/{clientId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public InternalAppsResource.AppView update(
            @HeaderParam(ACTING_USER) UUID actingUser,
            @PathParam("clientId") String clientId,
            AdminService.AppDetails details) {
        String actor = admin.requireAdmin(actingUser);
        if (details == null) {
            throw ProblemException.badRequest("a JSON body is required");
        }
        return InternalAppsResource.view(admin.update(clientId, details, actor));
    }

    @POST
    @Path("apps/{clientId}/disable")
    public Response disable(
            @HeaderParam(ACTING_USER) UUID actingUser, @PathParam("clientId") String clientId) {
        admin.disable(clientId, admin.requireAdmin(actingUser));
        return Response.noContent().build();
    }

    @POST
    @Path("apps/{clientId}/enable")
    public Response enable(
            @HeaderParam(ACTING_USER) UUID actingUser, @PathParam("clientId") String clientId) {
        admin.enable(clientId, admin.requireAdmin(actingUser));
        return Response.noContent().build();
    }

    @DELETE
    @Path("apps/{clientId}")
    public Response delete(
            @HeaderParam(ACTING_USER) UUID actingUser, @PathParam("clientId") String clientId) {
        admin.delete(clientId, admin.requireAdmin(actingUser));
        return Response.noContent().build();
    }

    @POST
    @Path("apps/{clientId}/secret/rotate")
    public Map<String, String> rotate(
            @HeaderParam(ACTING_USER) UUID actingUser,
            @PathParam("clientId") String clientId,
            @QueryParam("overlapSeconds") @DefaultValue("86400") long overlapSeconds) {
        String actor = admin.requireAdmin(actingUser);
        if (overlapSeconds <= 0) {
            throw ProblemException.badRequest("overlapSeconds must be positive");
        }
        return Map.of(
                "client_secret",
                admin.rotateSecret(clientId, Duration.ofSeconds(overlapSeconds), actor));
    }

    @POST
    @Path("apps/{clientId}/secret/regenerate")
    public Map<String, String> regenerate(
            @HeaderParam(ACTING_USER) UUID actingUser, @PathParam("clientId") String clientId) {
        return Map.of(
                "client_secret", admin.regenerateSecret(clientId, admin.requireAdmin(actingUser)));
    }

    @POST
    @Path("keys/rotate")
    public Map<String, String> rotateSigningKey(@HeaderParam(ACTING_USER) UUID actingUser) {
        return Map.of("kid", admin.rotateSigningKey(admin.requireAdmin(actingUser)));
    }

    @GET
    @Path("policy")
    public PolicyView policy(@HeaderParam(ACTING_USER) UUID actingUser) {
        admin.requireAdmin(actingUser);
        return PolicyView.of(policy.current());
    }

    @PUT
    @Path("policy")
    @Consumes(MediaType.APPLICATION_JSON)
    public PolicyView updatePolicy(@HeaderParam(ACTING_USER) UUID actingUser, PolicyView body) {
        String actor = admin.requireAdmin(actingUser);
        if (body == null
                || body.thirdPartyAccess() == null
                || body.legacyAppsAllowed() == null
                || body.accessTokenLifetimeSeconds() == null
                || body.refreshTokenLifetimeSeconds() == null
                || body.legacyRefreshLifetimeSeconds() == null) {
            throw ProblemException.badRequest("every policy field is required");
        }
        return PolicyView.of(
                admin.updatePolicy(
                        new OrgPolicy(
                                body.thirdPartyAccess(),
                                body.legacyAppsAllowed(),
                                Duration.ofSeconds(body.accessTokenLifetimeSeconds()),
                                Duration.ofSeconds(body.refreshTokenLifetimeSeconds()),
                                Duration.ofSeconds(body.legacyRefreshLifetimeSeconds())),
                        actor));
    }

    @GET
    @Path("audit")
    public List<AdminService.AuditEntry> audit(
            @HeaderParam(ACTING_USER) UUID actingUser,
            @QueryParam("target") String target,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        admin.requireAdmin(actingUser);
        return admin.audit(target, limit);
    }
}

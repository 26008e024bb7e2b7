package dev.grantwire.grant.rest.internal;

import dev.grantwire.grant.domain.OrgPolicy;
import dev.grantwire.grant.domain.PermissionCatalog;
import dev.grantwire.grant.rest.RegistrationResource;
import dev.grantwire.grant.security.InternalApi;
import dev.grantwire.grant.service.AdminService;
import dev.grantwire.grant.service.GrantQueries;
import dev.grantwire.grant.service.PolicyService;
import dev.grantwire.grant.service.ProblemException;
import dev.grantwire.grant.service.RegistrationService;
import dev.grantwire.internal.grants.AdminApi;
import dev.grantwire.internal.grants.AppDetails;
import dev.grantwire.internal.grants.AppView;
import dev.grantwire.internal.grants.AuditEntry;
import dev.grantwire.internal.grants.GrantView;
import dev.grantwire.internal.grants.IssuedSecret;
import dev.grantwire.internal.grants.PolicyView;
import dev.grantwire.internal.grants.Registered;
import dev.grantwire.internal.grants.Registration;
import dev.grantwire.internal.grants.SigningKeyRotated;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * {@link AdminApi}: admin actions, called by consent-service's admin pages with its service token
 * and the acting user's id; grant-service decides itself whether that user is an admin ({@link
 * AdminService#requireAdmin}).
 */
@InternalApi
public class InternalAdminResource implements AdminApi {

    private final AdminService admin;
    private final PolicyService policy;
    private final GrantQueries grants;
    private final RegistrationService registrations;
    private final PermissionCatalog catalog;

    InternalAdminResource(
            AdminService admin,
            PolicyService policy,
            GrantQueries grants,
            RegistrationService registrations,
            PermissionCatalog catalog) {
        this.catalog = catalog;
        this.admin = admin;
        this.policy = policy;
        this.grants = grants;
        this.registrations = registrations;
    }

    @Override
    public RestResponse<Registered> register(UUID actingUser, Registration registration) {
        String actor = admin.requireAdmin(actingUser);
        return RestResponse.ResponseBuilder.create(
                        Response.Status.CREATED,
                        RegistrationResource.register(
                                registrations,
                                registration,
                                RegistrationService.Registrar.ADMIN,
                                actor))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }

    @Override
    public List<GrantView> grants(UUID actingUser, UUID userId, String clientId, int limit) {
        admin.requireAdmin(actingUser);
        return grants.search(userId, clientId, limit);
    }

    @Override
    public List<AppView> apps(UUID actingUser) {
        admin.requireAdmin(actingUser);
        return admin.apps().stream().map(app -> InternalAppsResource.view(catalog, app)).toList();
    }

    @Override
    public AppView app(UUID actingUser, String clientId) {
        admin.requireAdmin(actingUser);
        return InternalAppsResource.view(catalog, admin.app(clientId));
    }

    @Override
    public AppView update(UUID actingUser, String clientId, AppDetails details) {
        String actor = admin.requireAdmin(actingUser);
        if (details == null) {
            throw ProblemException.badRequest("a JSON body is required");
        }
        return InternalAppsResource.view(catalog, admin.update(clientId, details, actor));
    }

    @Override
    public void disable(UUID actingUser, String clientId) {
        admin.disable(clientId, admin.requireAdmin(actingUser));
    }

    @Override
    public void enable(UUID actingUser, String clientId) {
        admin.enable(clientId, admin.requireAdmin(actingUser));
    }

    @Override
    public void delete(UUID actingUser, String clientId) {
        admin.delete(clientId, admin.requireAdmin(actingUser));
    }

    @Override
    public IssuedSecret rotateSecret(UUID actingUser, String clientId, long overlapSeconds) {
        String actor = admin.requireAdmin(actingUser);
        if (overlapSeconds <= 0) {
            throw ProblemException.badRequest("overlapSeconds must be positive");
        }
        return new IssuedSecret(
                admin.rotateSecret(clientId, Duration.ofSeconds(overlapSeconds), actor));
    }

    @Override
    public IssuedSecret regenerateSecret(UUID actingUser, String clientId) {
        return new IssuedSecret(admin.regenerateSecret(clientId, admin.requireAdmin(actingUser)));
    }

    @Override
    public SigningKeyRotated rotateSigningKey(UUID actingUser) {
        return new SigningKeyRotated(admin.rotateSigningKey(admin.requireAdmin(actingUser)));
    }

    @Override
    public PolicyView policy(UUID actingUser) {
        admin.requireAdmin(actingUser);
        return view(policy.current());
    }

    @Override
    public PolicyView updatePolicy(UUID actingUser, PolicyView body) {
        String actor = admin.requireAdmin(actingUser);
        if (body == null
                || body.thirdPartyAccess() == null
                || body.legacyAppsAllowed() == null
                || body.accessTokenLifetimeSeconds() == null
                || body.refreshTokenLifetimeSeconds() == null
                || body.legacyRefreshLifetimeSeconds() == null) {
            throw ProblemException.badRequest("every policy field is required");
        }
        return view(
                admin.updatePolicy(
                        new OrgPolicy(
                                body.thirdPartyAccess(),
                                body.legacyAppsAllowed(),
                                Duration.ofSeconds(body.accessTokenLifetimeSeconds()),
                                Duration.ofSeconds(body.refreshTokenLifetimeSeconds()),
                                Duration.ofSeconds(body.legacyRefreshLifetimeSeconds())),
                        actor));
    }

    @Override
    public List<AuditEntry> audit(UUID actingUser, String target, int limit) {
        admin.requireAdmin(actingUser);
        return admin.audit(target, limit);
    }

    private static PolicyView view(OrgPolicy policy) {
        return new PolicyView(
                policy.thirdPartyAccess(),
                policy.legacyAppsAllowed(),
                policy.accessTokenLifetime().toSeconds(),
                policy.refreshTokenLifetime().toSeconds(),
                policy.legacyRefreshLifetime().toSeconds());
    }
}

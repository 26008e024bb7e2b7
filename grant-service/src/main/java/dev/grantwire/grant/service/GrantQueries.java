package dev.grantwire.grant.service;

import dev.grantwire.grant.domain.App;
import dev.grantwire.grant.domain.Grant;
import dev.grantwire.grant.domain.PermissionCatalog;
import dev.grantwire.grant.domain.Scope;
import dev.grantwire.grant.persistence.AppRepository;
import dev.grantwire.grant.persistence.GrantRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A user's grants, ready to show on "Manage authorizations". */
@ApplicationScoped
public class GrantQueries {

    /** One permission in plain words. */
    public record Permission(String scope, String description, boolean writes) {}

    /** One grant with its app and permissions. */
    public record GrantView(
            UUID grantId,
            UUID userId,
            String clientId,
            String appName,
            String publisher,
            String website,
            String logoUri,
            List<Permission> permissions,
            String type,
            String status,
            Instant createdAt,
            Instant updatedAt,
            Instant lastUsedAt,
            Instant revokedAt) {}

    private final GrantRepository grants;
    private final AppRepository apps;
    private final PermissionCatalog catalog;

    GrantQueries(GrantRepository grants, AppRepository apps, PermissionCatalog catalog) {
        this.grants = grants;
        this.apps = apps;
        this.catalog = catalog;
    }

    public List<GrantView> ofUser(UUID userId) {
        return grants.ofUser(userId).stream().map(this::view).toList();
    }

    /** Every grant, for admins, optionally filtered by user and app. */
    public List<GrantView> search(UUID userId, String clientId, int limit) {
        return grants.search(userId, clientId, Math.min(Math.max(limit, 1), 500)).stream()
                .map(this::view)
                .toList();
    }

    /** One grant of the user; not found when it belongs to someone else. */
    public GrantView one(UUID userId, UUID grantId) {
        return grants.find(grantId)
                .filter(g -> g.userId().equals(userId))
                .map(this::view)
                .orElseThrow(() -> ProblemException.notFound("no such grant for this user"));
    }

    private GrantView view(Grant grant) {
        App app = apps.find(grant.clientId()).orElse(null);
        List<Permission> permissions =
                grant.scopes().stream()
                        .map(
                                name ->
                                        catalog.find(name)
                                                .map(this::permission)
                                                .orElse(new Permission(name, name, false)))
                        .toList();
        return new GrantView(
                grant.grantId(),
                grant.userId(),
                grant.clientId(),
                app == null ? grant.clientId() : app.name(),
                app == null ? null : app.publisher(),
                app == null ? null : app.website(),
                app == null ? null : app.logoUri(),
                permissions,
                grant.type(),
                grant.status(),
                grant.createdAt(),
                grant.updatedAt(),
                grant.lastUsedAt(),
                grant.revokedAt());
    }

    private Permission permission(Scope scope) {
        return new Permission(scope.name(), scope.description(), scope.writes());
    }
}

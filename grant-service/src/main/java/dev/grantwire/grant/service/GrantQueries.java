package dev.grantwire.grant.service;

import dev.grantwire.grant.domain.App;
import dev.grantwire.grant.domain.Grant;
import dev.grantwire.grant.domain.PermissionCatalog;
import dev.grantwire.grant.domain.User;
import dev.grantwire.grant.persistence.AppRepository;
import dev.grantwire.grant.persistence.GrantRepository;
import dev.grantwire.grant.persistence.UserRepository;
import dev.grantwire.grant.token.RevocationAssertionSigner;
import dev.grantwire.internal.grants.GrantOwner;
import dev.grantwire.internal.grants.GrantView;
import dev.grantwire.internal.grants.Permission;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** A user's grants, ready to show on "Manage authorizations". */
@ApplicationScoped
public class GrantQueries {

    /**
     * One grant with its app and permissions; in the admin search also whose it is ({@code
     * userName} and {@code userEmail} as the provider said at the last sign-in, null elsewhere).
     */
    private final GrantRepository grants;

    private final AppRepository apps;
    private final UserRepository users;
    private final PermissionCatalog catalog;
    private final RevocationAssertionSigner assertions;

    GrantQueries(
            GrantRepository grants,
            AppRepository apps,
            UserRepository users,
            PermissionCatalog catalog,
            RevocationAssertionSigner assertions) {
        this.assertions = assertions;
        this.grants = grants;
        this.apps = apps;
        this.users = users;
        this.catalog = catalog;
    }

    public List<GrantView> ofUser(UUID userId) {
        return grants.ofUser(userId).stream().map(g -> view(g, null, false)).toList();
    }

    /** Every grant, for admins, optionally filtered by user and app, each with its user. */
    public List<GrantView> search(UUID userId, String clientId, int limit) {
        Map<UUID, Optional<User>> owners = new HashMap<>();
        return grants.search(userId, clientId, Math.min(Math.max(limit, 1), 500)).stream()
                .map(
                        g ->
                                view(
                                        g,
                                        owners.computeIfAbsent(g.userId(), users::find)
                                                .orElse(null),
                                        false))
                .toList();
    }

    /** One grant of the user; not found when it belongs to someone else. */
    public GrantView one(UUID userId, UUID grantId) {
        return grants.find(grantId)
                .filter(g -> g.userId().equals(userId))
                .map(g -> view(g, null, true))
                .orElseThrow(() -> ProblemException.notFound("no such grant for this user"));
    }

    /** Whose a grant is. */
    public GrantOwner owner(UUID grantId) {
        Grant grant =
                grants.find(grantId).orElseThrow(() -> ProblemException.notFound("unknown grant"));
        return new GrantOwner(grant.grantId(), grant.userId(), grant.clientId(), grant.status());
    }

    /** A third-party app (internal clients are not apps); 404 problem otherwise. */
    public App thirdPartyApp(String clientId) {
        return apps.find(clientId)
                .filter(a -> !a.internal())
                .orElseThrow(() -> ProblemException.notFound("unknown client"));
    }

    /**
     * @param ownership whether an active grant carries an ownership assertion: only the answer
     *     about one grant, asked for a revoke's confirmation (each costs a signature, and lists are
     *     read on every authorization request)
     */
    private GrantView view(Grant grant, User owner, boolean ownership) {
        App app = apps.find(grant.clientId()).orElse(null);
        List<Permission> permissions = catalog.wording(grant.scopes());
        return new GrantView(
                grant.grantId(),
                grant.userId(),
                owner == null ? null : owner.displayName(),
                owner == null ? null : owner.email(),
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
                grant.revokedAt(),
                ownership && GrantView.ACTIVE.equals(grant.status())
                        ? assertions.ownership(grant.userId(), grant.grantId(), grant.clientId())
                        : null);
    }
}

package dev.grantwire.grant.service;

import dev.grantwire.events.RevocationEvent;
import dev.grantwire.events.RevocationScope;
import dev.grantwire.grant.persistence.AuditRepository;
import dev.grantwire.grant.persistence.GrantRepository;
import dev.grantwire.grant.persistence.RefreshTokenRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

/**
 * Applies a revocation from the feed to grant-service's own state, in the consumer's transaction
 * (with the feed position): a grant, a user's grants, or an app's grants are revoked for good and
 * their refresh tokens deleted; an app-wide {@code tokens} revocation deletes the app's refresh
 * tokens issued before the cutoff. A revoked grant stays revoked, so applying twice changes
 * nothing.
 */
@ApplicationScoped
public class RevocationApplier {

    private final GrantRepository grants;
    private final RefreshTokenRepository refreshTokens;
    private final AuditRepository audit;

    RevocationApplier(
            GrantRepository grants, RefreshTokenRepository refreshTokens, AuditRepository audit) {
        this.grants = grants;
        this.refreshTokens = refreshTokens;
        this.audit = audit;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(RevocationEvent event) {
        String reason = event.reason() == null ? "revoked" : event.reason();
        switch (event.kind()) {
            case GRANT -> uuid(event.subject()).ifPresent(id -> grant(id, reason, event));
            case USER ->
                    uuid(event.subject())
                            .ifPresent(
                                    id -> {
                                        if (grants.revokeAllOfUser(id, reason) > 0) {
                                            audit.append(
                                                    actor(event),
                                                    "grants.revoked",
                                                    "user:" + id,
                                                    reason);
                                        }
                                        refreshTokens.deleteOfRevokedGrantsOfUser(id);
                                    });
            case CLIENT -> client(event, reason);
            case TOKEN -> {
                // One access token: nothing stored here; introspection reads applied_revocation.
            }
        }
    }

    private void grant(UUID grantId, String reason, RevocationEvent event) {
        if (grants.lock(grantId).isPresent() && grants.revoke(grantId, reason)) {
            audit.append(actor(event), "grant.revoked", "grant:" + grantId, reason);
        }
        refreshTokens.deleteOfGrant(grantId);
    }

    private void client(RevocationEvent event, String reason) {
        String clientId = event.subject();
        if (event.scope() == RevocationScope.GRANTS) {
            if (grants.revokeAllOfClient(clientId, reason) > 0) {
                audit.append(actor(event), "grants.revoked", "client:" + clientId, reason);
            }
        }
        Instant cutoff =
                event.cutoff() == null ? Instant.now() : Instant.ofEpochMilli(event.cutoff());
        refreshTokens.deleteOfClientBefore(clientId, cutoff);
    }

    private static String actor(RevocationEvent event) {
        return event.actor() == null ? "revocation-service" : event.actor();
    }

    private static java.util.Optional<UUID> uuid(String value) {
        try {
            return java.util.Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }
}

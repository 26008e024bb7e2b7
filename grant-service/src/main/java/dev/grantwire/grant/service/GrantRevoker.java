package dev.grantwire.grant.service;

import dev.grantwire.grant.persistence.AuditRepository;
import dev.grantwire.grant.persistence.CommandOutboxRepository;
import dev.grantwire.grant.persistence.GrantRepository;
import dev.grantwire.grant.persistence.RefreshTokenRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.UUID;

/**
 * Kills a grant from inside grant-service (code replay, refresh-token reuse): the grant is revoked
 * for good, its refresh tokens deleted, and a {@code grant} revocation command queued for
 * revocation-service, all in the caller's transaction (docs/ARCHITECTURE.md, "grant-service's
 * command outbox").
 */
@ApplicationScoped
public class GrantRevoker {

    private final GrantRepository grants;
    private final RefreshTokenRepository refreshTokens;
    private final CommandOutboxRepository outbox;
    private final AuditRepository audit;

    GrantRevoker(
            GrantRepository grants,
            RefreshTokenRepository refreshTokens,
            CommandOutboxRepository outbox,
            AuditRepository audit) {
        this.grants = grants;
        this.refreshTokens = refreshTokens;
        this.outbox = outbox;
        this.audit = audit;
    }

    /** Revokes the grant if it is still active; false when it already was revoked. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean kill(UUID grantId, String reason) {
        if (!grants.revoke(grantId, reason)) {
            return false;
        }
        refreshTokens.deleteOfGrant(grantId);
        outbox.add("grant", grantId.toString(), null, reason, "grant-service");
        audit.append("grant-service", "grant.revoked", "grant:" + grantId, reason);
        return true;
    }
}

package dev.grantwire.consent.client;

import dev.grantwire.internal.InternalCallException;
import dev.grantwire.internal.InternalClient;
import dev.grantwire.internal.revocations.AdminRevocation;
import dev.grantwire.internal.revocations.AdminRevocationsApi;
import dev.grantwire.internal.revocations.LedgerApi;
import dev.grantwire.internal.revocations.LedgerEntry;
import dev.grantwire.internal.revocations.LedgerPage;
import dev.grantwire.internal.revocations.Recorded;
import dev.grantwire.internal.revocations.UserRevocationsApi;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * revocation-service's user, admin and ledger APIs as consent-service uses them, with its service
 * token (scope {@code revocations.internal}). Anything but a clear answer is a {@link
 * RevocationServiceUnavailableException}. Thread-safe.
 */
@ApplicationScoped
public class RevocationServiceClient {

    private final InternalClient<UserRevocationsApi> users;
    private final InternalClient<AdminRevocationsApi> admins;
    private final InternalClient<LedgerApi> ledger;

    RevocationServiceClient(InternalApis apis) {
        this.users = apis.revocationService(UserRevocationsApi.class);
        this.admins = apis.revocationService(AdminRevocationsApi.class);
        this.ledger = apis.revocationService(LedgerApi.class);
    }

    /**
     * {@link UserRevocationsApi#revoke}: the user revokes one of their grants (201, or 200 for one
     * already revoked: the first record).
     *
     * @param ownership grant-service's ownership assertion of the grant, or null when it gave none
     *     (revocation-service then asks grant-service)
     * @throws RevocationRefusedException 404 when the grant is unknown or someone else's, 403 when
     *     revocation-service refuses the assertion
     */
    public Recorded revokeOwnGrant(UUID userId, UUID grantId, String ownership) {
        try {
            return recorded(
                    users.call(api -> api.revoke(userId.toString(), grantId.toString(), ownership))
                            .getEntity());
        } catch (InternalCallException e) {
            if (e.is(404) || e.is(403)) {
                throw new RevocationRefusedException(e.status(), e.detail());
            }
            throw unavailable("user revoke", e);
        }
    }

    /**
     * {@link AdminRevocationsApi#revoke} for the acting admin.
     *
     * @param adminAssertion grant-service's admin assertion of {@code admin}, or null when it gave
     *     none (revocation-service then asks grant-service)
     * @throws NotAdminException when revocation-service (asking grant-service) says no
     * @throws RevocationRefusedException 400 or 404 with revocation-service's words
     */
    public Recorded revokeAsAdmin(UUID admin, String adminAssertion, AdminRevocation revocation) {
        try {
            return recorded(
                    admins.call(api -> api.revoke(admin.toString(), adminAssertion, revocation))
                            .getEntity());
        } catch (InternalCallException e) {
            if (e.is(403)) {
                throw new NotAdminException();
            }
            if (e.is(400) || e.is(404)) {
                throw new RevocationRefusedException(e.status(), e.detail());
            }
            throw unavailable("admin revoke", e);
        }
    }

    /** {@link LedgerApi#newest}: the newest {@code limit} entries, newest first. */
    public List<LedgerEntry> newestLedger(int limit) {
        try {
            LedgerPage page = ledger.call(api -> api.newest(Integer.toString(limit)));
            return page == null ? List.of() : page.revocations();
        } catch (InternalCallException e) {
            throw unavailable("ledger", e);
        }
    }

    private static Recorded recorded(Recorded recorded) {
        if (recorded == null) {
            throw new RevocationServiceUnavailableException("revocation-service gave no record");
        }
        return recorded;
    }

    private static RevocationServiceUnavailableException unavailable(
            String what, InternalCallException e) {
        return new RevocationServiceUnavailableException(
                "revocation-service " + what + " failed: " + e.getMessage(), e);
    }
}

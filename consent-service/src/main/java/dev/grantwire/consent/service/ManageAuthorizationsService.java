package dev.grantwire.consent.service;

import dev.grantwire.consent.client.GrantServiceClient;
import dev.grantwire.consent.client.GrantServiceUnavailableException;
import dev.grantwire.consent.client.RevocationRefusedException;
import dev.grantwire.consent.client.RevocationServiceClient;
import dev.grantwire.consent.config.ConsentConfig;
import dev.grantwire.consent.domain.Assertions;
import dev.grantwire.consent.domain.Confirmation;
import dev.grantwire.consent.domain.ConfirmedAction;
import dev.grantwire.consent.persistence.UserRevocationRepository;
import dev.grantwire.internal.grants.GrantView;
import dev.grantwire.internal.revocations.Recorded;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * "Manage authorizations": the signed-in user's active grants, and revoking one of them through
 * revocation-service's user API. A revoked grant is hidden at once, although grant-service learns
 * of it from the feed a few milliseconds later, and its sequence goes with the user's next Accept.
 */
@ApplicationScoped
public class ManageAuthorizationsService {

    /** The confirmation page of one revoke. */
    public record RevokePage(AuthorizationView authorization, Confirmation confirmation) {}

    /** What a revoke POST comes to: done (the app's name), or a plain error with its status. */
    public record RevokeResult(String revokedApp, int status, String message) {}

    /** An assertion expiring sooner than this is replaced before the revoke. */
    static final Duration ASSERTION_MARGIN = Duration.ofSeconds(30);

    static final String NO_SUCH_GRANT =
            "This app does not have access to your account, or it was already revoked.";

    private final GrantServiceClient grantService;
    private final RevocationServiceClient revocationService;
    private final UserRevocationRepository revocations;
    private final Confirmations confirmations;
    private final ConsentConfig config;

    ManageAuthorizationsService(
            GrantServiceClient grantService,
            RevocationServiceClient revocationService,
            UserRevocationRepository revocations,
            Confirmations confirmations,
            ConsentConfig config) {
        this.grantService = grantService;
        this.revocationService = revocationService;
        this.revocations = revocations;
        this.confirmations = confirmations;
        this.config = config;
    }

    /** The user's active authorizations, by app name, without those just revoked here. */
    public List<AuthorizationView> list(UUID userId) {
        Predicate<GrantView> revokedHere =
                revocations.revokedHere(userId, config.revocationMemory());
        return grantService.grants(userId).stream()
                .filter(GrantView::isActive)
                .filter(revokedHere.negate())
                .map(g -> AuthorizationView.of(g))
                .sorted(Comparator.comparing(a -> a.appName().toLowerCase(Locale.ROOT)))
                .toList();
    }

    /**
     * The confirmation page of revoking one of the user's grants; empty if it is not theirs, not
     * active, or revoked here already. Asks grant-service for that one grant, whose answer carries
     * the ownership assertion the revoke will need.
     */
    public Optional<RevokePage> confirmRevoke(UUID userId, String grantId) {
        UUID id;
        try {
            id = UUID.fromString(grantId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Predicate<GrantView> revokedHere =
                revocations.revokedHere(userId, config.revocationMemory());
        return grantService
                .grant(userId, id)
                .filter(GrantView::isActive)
                .filter(revokedHere.negate())
                .map(AuthorizationView::of)
                .map(
                        a ->
                                new RevokePage(
                                        a,
                                        confirmations.open(
                                                userId,
                                                ConfirmedAction.REVOKE_OWN_GRANT,
                                                a.grantId().toString(),
                                                a.appName(),
                                                a.ownership(),
                                                null)));
    }

    /** Carries out a confirmed revoke of the user's own grant. */
    public RevokeResult revoke(UUID userId, String confirmationId, String csrfToken) {
        Confirmations.Checked checked =
                confirmations.use(
                        confirmationId,
                        csrfToken,
                        userId,
                        Set.of(ConfirmedAction.REVOKE_OWN_GRANT));
        if (!checked.ok()) {
            return new RevokeResult(null, checked.status(), checked.message());
        }
        Confirmation confirmation = checked.confirmation();
        UUID grantId = UUID.fromString(confirmation.subject());
        String appName = confirmation.appName() == null ? "The app" : confirmation.appName();
        Recorded recorded;
        try {
            String ownership = freshOwnership(userId, confirmation);
            // The one synchronous call of a revoke: revocation-service checks the assertion and
            // records alone (without one, from an older grant-service, it asks grant-service).
            recorded = revocationService.revokeOwnGrant(userId, grantId, ownership);
        } catch (RevocationRefusedException e) {
            return new RevokeResult(null, 404, NO_SUCH_GRANT);
        } catch (RuntimeException e) {
            confirmations.reopen(checked.confirmation());
            throw e;
        }
        revocations.deleteOlderThan(config.revocationMemory());
        revocations.record(userId, grantId, recorded.sequence());
        return new RevokeResult(appName, 303, null);
    }

    /**
     * The stored ownership assertion, or a fresh one from grant-service when it is about to expire
     * (the page was open for minutes). Null when grant-service issued none.
     *
     * @throws GrantServiceUnavailableException when a fresh one is needed and cannot be had
     */
    private String freshOwnership(UUID userId, Confirmation confirmation) {
        String stored = confirmation.ownership();
        if (stored == null || !Assertions.expiresWithin(stored, ASSERTION_MARGIN)) {
            return stored;
        }
        return grantService
                .grant(userId, UUID.fromString(confirmation.subject()))
                .map(GrantView::ownership)
                .orElse(null);
    }
}

package dev.grantwire.consent.service;

import dev.grantwire.consent.config.ConsentConfig;
import dev.grantwire.consent.domain.Confirmation;
import dev.grantwire.consent.domain.ConfirmedAction;
import dev.grantwire.consent.persistence.ConfirmationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

/**
 * The confirmation step of every POST on "Manage authorizations" and the admin pages: the page
 * stores what is about to happen with a random CSRF token (server side, like an authorization
 * request); the POST must name that row, be the same user's, carry the token, and it is used once.
 */
@ApplicationScoped
public class Confirmations {

    /** The result of checking a POST: the confirmation to carry out, or why not. */
    public record Checked(Confirmation confirmation, int status, String message) {

        static Checked refused(int status, String message) {
            return new Checked(null, status, message);
        }

        public boolean ok() {
            return confirmation != null;
        }
    }

    static final String NOT_VERIFIED =
            "This form could not be verified, so nothing was done. Open the page again and"
                    + " confirm from there.";

    static final String STALE =
            "This confirmation has expired, was already used or does not exist. Nothing was done."
                    + " Open the page again.";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConfirmationRepository repository;
    private final ConsentConfig config;

    Confirmations(ConfirmationRepository repository, ConsentConfig config) {
        this.repository = repository;
        this.config = config;
    }

    /** Stores a new confirmation step of {@code userId} for the page about to be shown. */
    public Confirmation open(UUID userId, ConfirmedAction action, String subject) {
        return open(userId, action, subject, null, null, null);
    }

    /**
     * Stores a new confirmation step that also keeps what carrying it out will need, so that the
     * POST asks nothing of grant-service: the app's name and grant-service's signed assertions
     * (each nullable).
     */
    public Confirmation open(
            UUID userId,
            ConfirmedAction action,
            String subject,
            String appName,
            String ownership,
            String adminAssertion) {
        repository.deleteExpired();
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        Confirmation confirmation =
                new Confirmation(
                        UUID.randomUUID(),
                        userId,
                        action,
                        subject,
                        Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
                        Instant.now().plus(config.confirmationLifetime()),
                        null,
                        appName,
                        ownership,
                        adminAssertion);
        repository.insert(confirmation);
        return confirmation;
    }

    /**
     * Checks a POST and, if it is good, marks the confirmation used (exactly once). The caller
     * {@link #reopen}s it if the action then cannot be carried out.
     *
     * @param allowed the actions this endpoint carries out
     */
    public Checked use(String id, String csrfToken, UUID userId, Set<ConfirmedAction> allowed) {
        UUID parsed;
        try {
            parsed = id == null ? null : UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            parsed = null;
        }
        Confirmation found = parsed == null ? null : repository.find(parsed).orElse(null);
        if (found == null || !found.userId().equals(userId) || !allowed.contains(found.action())) {
            // Someone else's confirmation looks exactly like none at all.
            return Checked.refused(404, STALE);
        }
        if (!sameToken(found.csrfToken(), csrfToken)) {
            return Checked.refused(403, NOT_VERIFIED);
        }
        if (found.usedAt() != null || !Instant.now().isBefore(found.expiresAt())) {
            return Checked.refused(400, STALE);
        }
        if (!repository.use(found.id(), userId)) {
            return Checked.refused(400, STALE);
        }
        return new Checked(found, 200, null);
    }

    /** Opens a used confirmation again: its action failed and nothing was done. */
    public void reopen(Confirmation confirmation) {
        repository.reopen(confirmation.id());
    }

    private static boolean sameToken(String stored, String presented) {
        return stored != null
                && presented != null
                && MessageDigest.isEqual(
                        stored.getBytes(StandardCharsets.UTF_8),
                        presented.getBytes(StandardCharsets.UTF_8));
    }
}

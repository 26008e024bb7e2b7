package dev.grantwire.consent.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored confirmation step: what the signed-in user is about to do, shown on a page whose form
 * names this row and carries its CSRF token. Only {@link #action()} and {@link #subject()} are
 * carried out, once.
 *
 * @param action what is confirmed, e.g. {@code revoke-grant} (see {@link ConfirmedAction})
 * @param subject what it acts on (a grant id, client id, user id, or the policy as text)
 * @param usedAt when it was carried out; null while open
 * @param appName the app a revoke ends, named on the answer page; null for other actions
 * @param ownership grant-service's ownership assertion of the grant a revoke ends; null when none
 * @param adminAssertion grant-service's admin assertion of the acting admin; null when none
 */
public record Confirmation(
        UUID id,
        UUID userId,
        ConfirmedAction action,
        String subject,
        String csrfToken,
        Instant expiresAt,
        Instant usedAt,
        String appName,
        String ownership,
        String adminAssertion) {

    /** The same step with fresh assertions. */
    public Confirmation withAssertions(String freshOwnership, String freshAdminAssertion) {
        return new Confirmation(
                id,
                userId,
                action,
                subject,
                csrfToken,
                expiresAt,
                usedAt,
                appName,
                freshOwnership,
                freshAdminAssertion);
    }
}

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
 */
public record Confirmation(
        UUID id,
        UUID userId,
        ConfirmedAction action,
        String subject,
        String csrfToken,
        Instant expiresAt,
        Instant usedAt) {}

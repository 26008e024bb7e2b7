package dev.grantwire.consent.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An authorization request as stored on the server: the approval form names it by {@link #id()},
 * and Accept acts only on these values, never on form fields.
 *
 * @param userId the Grantwire user it belongs to; null until a signed-in user claims it (after a
 *     fresh sign-in asked with {@code prompt=login} or {@code select_account})
 * @param prompt the {@code prompt} values, space separated, or null
 * @param csrfToken the approval form's anti-forgery token
 * @param decidedAt when the user accepted or cancelled; null while undecided
 */
public record AuthorizationRequest(
        UUID id,
        String clientId,
        String redirectUri,
        List<String> scopes,
        String state,
        String nonce,
        String codeChallenge,
        String codeChallengeMethod,
        String prompt,
        UUID userId,
        String csrfToken,
        Instant createdAt,
        Instant expiresAt,
        Instant decidedAt) {

    public AuthorizationRequest {
        scopes = List.copyOf(scopes);
    }

    /** Whether the request can still be decided at {@code now}. */
    public boolean isOpen(Instant now) {
        return decidedAt == null && now.isBefore(expiresAt);
    }

    /** Whether the {@code prompt} values contain {@code value}. */
    public boolean prompts(String value) {
        return prompt != null && List.of(prompt.split(" ")).contains(value);
    }
}

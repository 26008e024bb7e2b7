package dev.grantwire.consent.domain;

import java.time.Duration;
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
        Integer maxAge,
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

    /**
     * A sign-in this long before the request counts for {@code prompt=login}: the user who signed
     * in moments before the app asked (e.g. sent to the provider by this very request) is not asked
     * again.
     */
    public static final Duration FRESH_SIGN_IN = Duration.ofSeconds(60);

    /** The clock difference allowed between the identity provider and this service. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    /**
     * Whether a sign-in at the provider at {@code authTime} (its {@code auth_time}) satisfies what
     * the request asked (OpenID Connect Core section 3.1.2.1): with {@code prompt=login}, one no
     * earlier than {@link #FRESH_SIGN_IN} before the request was made; with {@code max_age}, one at
     * most that many seconds (and {@link #CLOCK_SKEW}) before {@code now}.
     */
    public boolean signInSatisfies(Instant authTime, Instant now) {
        if (prompts("login") && authTime.isBefore(createdAt.minus(FRESH_SIGN_IN))) {
            return false;
        }
        return maxAge == null || !authTime.isBefore(now.minusSeconds(maxAge).minus(CLOCK_SKEW));
    }

    /** The same request, now the user's. */
    public AuthorizationRequest of(UUID user) {
        return new AuthorizationRequest(
                id,
                clientId,
                redirectUri,
                scopes,
                state,
                nonce,
                codeChallenge,
                codeChallengeMethod,
                prompt,
                maxAge,
                user,
                csrfToken,
                createdAt,
                expiresAt,
                decidedAt);
    }

    /** Whether the {@code prompt} values contain {@code value}. */
    public boolean prompts(String value) {
        return prompt != null && List.of(prompt.split(" ")).contains(value);
    }
}

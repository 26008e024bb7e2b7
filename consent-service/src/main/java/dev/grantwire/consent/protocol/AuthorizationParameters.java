package dev.grantwire.consent.protocol;

import java.util.List;
import java.util.Set;

/**
 * A valid authorization request (<a href="https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1">RFC
 * 6749 section 4.1.1</a>), as it will be stored.
 *
 * @param scopes the requested scopes, without duplicates, in the order asked
 * @param state echoed to the app; never null (required here)
 * @param nonce OpenID Connect nonce, or null
 * @param prompt the {@code prompt} values asked for (OpenID Connect Core section 3.1.2.1)
 * @param maxAge the {@code max_age} asked for, in seconds, or null
 */
public record AuthorizationParameters(
        String clientId,
        String redirectUri,
        List<String> scopes,
        String state,
        String nonce,
        String codeChallenge,
        Set<String> prompt,
        Integer maxAge) {

    public static final String LOGIN = "login";
    public static final String SELECT_ACCOUNT = "select_account";
    public static final String CONSENT = "consent";
    public static final String NONE = "none";

    public AuthorizationParameters {
        scopes = List.copyOf(scopes);
        prompt = Set.copyOf(prompt);
    }
}

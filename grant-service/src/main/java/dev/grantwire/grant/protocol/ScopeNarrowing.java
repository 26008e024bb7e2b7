package dev.grantwire.grant.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The scope of a refreshed access token, <a
 * href="https://www.rfc-editor.org/rfc/rfc6749#section-6">RFC 6749 section 6</a>: a refresh may ask
 * for less than was granted, never for more; no {@code scope} means all of it. The refresh token
 * itself keeps the granted scope.
 */
public final class ScopeNarrowing {

    private ScopeNarrowing() {}

    /**
     * The scopes the new access token carries, in the granted order.
     *
     * @param granted the refresh token's scopes
     * @param requested the {@code scope} parameter's names, empty when absent
     * @throws OAuthException {@code invalid_scope} when {@code requested} names a scope not granted
     */
    public static List<String> narrow(List<String> granted, Set<String> requested) {
        if (!granted.containsAll(requested)) {
            throw OAuthException.invalidScope("a refresh may only narrow the scope");
        }
        if (requested.isEmpty()) {
            return List.copyOf(granted);
        }
        List<String> scopes = new ArrayList<>();
        for (String scope : granted) {
            if (requested.contains(scope)) {
                scopes.add(scope);
            }
        }
        return List.copyOf(scopes);
    }
}

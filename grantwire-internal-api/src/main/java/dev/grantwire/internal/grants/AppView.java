package dev.grantwire.internal.grants;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The public face of a third-party app (never its secrets), as consent-service needs it to check an
 * authorization request and show the approval page.
 *
 * @param type {@code standard} or {@code legacy}
 * @param permissions the allowed scopes that a user can be asked for, in plain words and in the
 *     order the approval page shows them; an allowed scope missing here (an app-level one) is never
 *     asked of a user
 * @param dynamicallyRegistered the app registered itself (RFC 7591): its redirect URIs were never
 *     vetted by an admin, so request errors are shown on a page rather than redirected at once
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AppView(
        String clientId,
        String name,
        String publisher,
        String website,
        String logoUri,
        String description,
        List<String> redirectUris,
        List<String> allowedScopes,
        boolean publicClient,
        String type,
        boolean enabled,
        List<Permission> permissions,
        boolean dynamicallyRegistered) {

    public AppView {
        redirectUris = redirectUris == null ? List.of() : List.copyOf(redirectUris);
        allowedScopes = allowedScopes == null ? List.of() : List.copyOf(allowedScopes);
        permissions = permissions == null ? List.of() : List.copyOf(permissions);
    }
}

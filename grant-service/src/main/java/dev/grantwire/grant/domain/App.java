package dev.grantwire.grant.domain;

import java.util.List;

/**
 * A registered app (an OAuth client).
 *
 * @param tokenEndpointAuthMethod {@code client_secret_basic}, {@code client_secret_post} or {@code
 *     none} (public client)
 * @param type {@code standard} or {@code legacy} (long-lived authorizations)
 * @param internal one of Grantwire's own services, created only by bootstrap
 * @param dynamicallyRegistered registered by the app itself (RFC 7591), not by an admin: nobody
 *     vetted its redirect URIs
 * @param status {@code enabled} or {@code disabled}
 */
public record App(
        String clientId,
        String name,
        String publisher,
        String website,
        String logoUri,
        String description,
        List<String> redirectUris,
        List<String> grantTypes,
        String tokenEndpointAuthMethod,
        List<String> allowedScopes,
        String type,
        boolean internal,
        boolean dynamicallyRegistered,
        String status) {

    public static final String AUTH_BASIC = "client_secret_basic";
    public static final String AUTH_POST = "client_secret_post";
    public static final String AUTH_NONE = "none";
    public static final String STANDARD = "standard";
    public static final String LEGACY = "legacy";
    public static final String ENABLED = "enabled";

    /** A public client: no secret, so no grace-period retry and no client_credentials. */
    public boolean isPublic() {
        return AUTH_NONE.equals(tokenEndpointAuthMethod);
    }

    public boolean isEnabled() {
        return ENABLED.equals(status);
    }

    public boolean allowsGrantType(String grantType) {
        return grantTypes.contains(grantType);
    }
}

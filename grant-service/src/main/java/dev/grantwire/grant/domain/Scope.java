package dev.grantwire.grant.domain;

/**
 * A permission of the catalog.
 *
 * @param audience the resource the scope opens, or {@code null} (openid, offline_access)
 * @param group the resource group users see it under
 * @param appLevel obtainable by an app for itself through client_credentials
 */
public record Scope(
        String name,
        String audience,
        String description,
        String group,
        boolean writes,
        boolean appLevel) {

    /** Internal scopes ({@code *.internal}) belong to Grantwire's services, never to apps. */
    public boolean internal() {
        return isInternal(name);
    }

    /** Whether a user can be asked for it: neither internal nor app-level. */
    public boolean consentable() {
        return !internal() && !appLevel;
    }

    public static boolean isInternal(String name) {
        return name.endsWith(".internal");
    }
}

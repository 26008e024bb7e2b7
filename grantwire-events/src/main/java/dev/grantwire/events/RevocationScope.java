package dev.grantwire.events;

/**
 * How far an app-wide or user-wide revocation reaches at grant-service (the owner of grants). For a
 * resource service both scopes mean the same: refuse tokens with {@code iat} before the cutoff.
 */
public enum RevocationScope {
    /**
     * Every access and refresh token issued before the cutoff is dead, but the users' grants stay
     * (secret regenerated, app disabled). Apps only.
     */
    TOKENS("tokens"),
    /**
     * Every grant is revoked too (app deleted or compromised, policy switched off, user left). The
     * only scope of a {@link RevocationKind#USER} revocation.
     */
    GRANTS("grants");

    private final String jsonName;

    RevocationScope(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The value of the JSON {@code scope} field, e.g. {@code "grants"}. */
    public String jsonName() {
        return jsonName;
    }

    /**
     * The scope with that JSON name.
     *
     * @throws IllegalArgumentException if no scope has that name (names are case-sensitive)
     */
    public static RevocationScope fromJsonName(String name) {
        for (RevocationScope scope : values()) {
            if (scope.jsonName.equals(name)) {
                return scope;
            }
        }
        throw new IllegalArgumentException(
                "unknown revocation scope '" + name + "' (expected tokens or grants)");
    }
}

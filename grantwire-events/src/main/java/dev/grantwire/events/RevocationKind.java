package dev.grantwire.events;

/**
 * What a revocation applies to, and so how a resource service matches it against a token.
 *
 * <table>
 *   <caption>Kinds</caption>
 *   <tr><th>kind</th><th>JSON</th><th>key</th><th>a token is refused when</th></tr>
 *   <tr><td>{@link #TOKEN}</td><td>{@code token}</td><td>{@code token:<jti>}</td>
 *       <td>its {@code jti} matches</td></tr>
 *   <tr><td>{@link #GRANT}</td><td>{@code grant}</td><td>{@code grant:<grant id>}</td>
 *       <td>its {@code grant_id} claim matches (any {@code iat})</td></tr>
 *   <tr><td>{@link #CLIENT}</td><td>{@code client}</td><td>{@code client:<client id>}</td>
 *       <td>{@code client_id} matches and {@code iat} &lt; cutoff</td></tr>
 *   <tr><td>{@link #USER}</td><td>{@code user}</td><td>{@code user:<user id>}</td>
 *       <td>{@code sub} matches and {@code iat} &lt; cutoff</td></tr>
 * </table>
 *
 * <p>The JSON name is the key prefix without its colon. New kinds are not added to this enum in
 * place: they arrive with a new event type version (see the module README).
 */
public enum RevocationKind {
    /** One access token, by its {@code jti} (a UUID). */
    TOKEN("token"),
    /** One authorization (grant), by its id (a UUID), whatever the tokens' {@code iat}. */
    GRANT("grant"),
    /** Every token of an app (OAuth client) issued before the cutoff. */
    CLIENT("client"),
    /**
     * Every token of a user issued before the cutoff; always scope {@link RevocationScope#GRANTS}.
     */
    USER("user");

    private final String jsonName;
    private final String keyPrefix;

    RevocationKind(String jsonName) {
        this.jsonName = jsonName;
        this.keyPrefix = jsonName + ":";
    }

    /** The value of the JSON {@code kind} field, e.g. {@code "client"}. */
    public String jsonName() {
        return jsonName;
    }

    /** The prefix of every key of this kind, e.g. {@code "client:"}. */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** The key for a subject of this kind, e.g. {@code client:my-app}. */
    public String key(String subject) {
        return keyPrefix + subject;
    }

    /**
     * Whether revocations of this kind are wide (app or user) and so carry a {@code cutoff} and a
     * {@code scope}; token and grant revocations carry neither.
     */
    public boolean isWide() {
        return this == CLIENT || this == USER;
    }

    /**
     * Whether the subject is a UUID ({@code jti}, grant id), kept by the guard as two longs.
     * Subjects of such kinds must be UUIDs in canonical lowercase text.
     */
    public boolean hasUuidSubject() {
        return this == TOKEN || this == GRANT;
    }

    /**
     * The kind with that JSON name.
     *
     * @throws IllegalArgumentException if no kind has that name (names are case-sensitive)
     */
    public static RevocationKind fromJsonName(String name) {
        for (RevocationKind kind : values()) {
            if (kind.jsonName.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(
                "unknown revocation kind '"
                        + name
                        + "' (expected token, grant, client or user; new kinds come with a new"
                        + " event type version)");
    }
}

package dev.grantwire.consent.oauth;

import java.util.regex.Pattern;

/**
 * PKCE at the authorization endpoint, S256 only (<a
 * href="https://www.rfc-editor.org/rfc/rfc7636#section-4.3">RFC 7636 section 4.3</a>, {@code plain}
 * refused per <a href="https://www.rfc-editor.org/rfc/rfc9700#section-2.1.1">RFC 9700 section
 * 2.1.1</a>). The verifier is checked by grant-service at the token endpoint.
 */
public final class Pkce {

    /** The only method accepted. */
    public static final String S256 = "S256";

    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private Pkce() {}

    /** Whether a challenge is a well-formed S256 challenge (base64url of 32 bytes, unpadded). */
    public static boolean isS256Challenge(String challenge) {
        return challenge != null && CHALLENGE.matcher(challenge).matches();
    }
}

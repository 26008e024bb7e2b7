package dev.grantwire.grant.oauth;

import dev.grantwire.grant.security.Secrets;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * PKCE with S256 only, <a href="https://www.rfc-editor.org/rfc/rfc7636#section-4">RFC 7636 section
 * 4</a>; {@code plain} is refused (RFC 9700 section 2.1.1).
 */
public final class Pkce {

    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private Pkce() {}

    /** Whether a challenge is a well-formed S256 challenge (base64url of 32 bytes). */
    public static boolean isS256Challenge(String challenge) {
        return challenge != null && CHALLENGE.matcher(challenge).matches();
    }

    /** Whether the verifier is well formed and hashes to the challenge. */
    public static boolean verify(String verifier, String challenge) {
        if (verifier == null || !VERIFIER.matcher(verifier).matches()) {
            return false;
        }
        String computed =
                Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(
                                Secrets.sha256(verifier.getBytes(StandardCharsets.US_ASCII)));
        return Secrets.constantTimeEquals(
                computed.getBytes(StandardCharsets.US_ASCII),
                challenge.getBytes(StandardCharsets.US_ASCII));
    }
}

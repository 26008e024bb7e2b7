package dev.grantwire.consent.oauth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * Redirect URI matching at the authorization endpoint (<a
 * href="https://www.rfc-editor.org/rfc/rfc9700#section-4.1.3">RFC 9700 section 4.1.3</a>): the
 * requested URI must equal a registered one, character for character, except that an {@code http}
 * loopback URI may name any port (<a href="https://www.rfc-editor.org/rfc/rfc8252#section-7.3">RFC
 * 8252 section 7.3</a>). The same rule grant-service applies when it records the consent.
 */
public final class RedirectUris {

    private RedirectUris() {}

    /** Whether a requested redirect URI matches a registered one. */
    public static boolean matches(String registered, String requested) {
        if (registered == null || requested == null) {
            return false;
        }
        if (registered.equals(requested)) {
            return true;
        }
        try {
            URI a = new URI(registered);
            URI b = new URI(requested);
            return "http".equals(a.getScheme())
                    && isLoopbackHost(a.getHost())
                    && "http".equals(b.getScheme())
                    && a.getHost().equals(b.getHost())
                    && Objects.equals(a.getRawPath(), b.getRawPath())
                    && Objects.equals(a.getRawQuery(), b.getRawQuery())
                    && b.getRawFragment() == null
                    && b.getRawUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * Whether the URI sends the user back to the user's own machine (127.0.0.1, [::1] or
     * localhost): any local program can claim such an app's client id (<a
     * href="https://www.rfc-editor.org/rfc/rfc8252#section-8.6">RFC 8252 section 8.6</a>).
     */
    public static boolean isLoopback(String uri) {
        try {
            return isLoopbackHost(new URI(uri).getHost());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The host the user will be sent back to, as shown on the approval page. */
    public static String host(String uri) {
        try {
            URI parsed = new URI(uri);
            String host = parsed.getHost();
            if (host == null) {
                return uri;
            }
            return parsed.getPort() == -1 ? host : host + ":" + parsed.getPort();
        } catch (URISyntaxException e) {
            return uri;
        }
    }

    private static boolean isLoopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(java.util.Locale.ROOT);
        return h.equals("127.0.0.1") || h.equals("[::1]") || h.equals("localhost");
    }
}

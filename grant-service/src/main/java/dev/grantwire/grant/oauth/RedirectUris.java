package dev.grantwire.grant.oauth;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Redirect URI rules (RFC 9700 section 2.1, RFC 8252 section 7.3): registered as exact strings;
 * https, or http on a loopback IP literal for native apps; no fragment, no wildcard. Matching is
 * exact string comparison, except that a loopback URI matches with any port.
 */
public final class RedirectUris {

    private RedirectUris() {}

    /** Why a URI cannot be registered, or {@code null} when it can. */
    public static String registrationProblem(String value) {
        if (value == null || value.isBlank()) {
            return "redirect URI is empty";
        }
        if (value.contains("*")) {
            return "redirect URI must not contain wildcards";
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return "redirect URI is not a valid URI";
        }
        if (uri.getRawFragment() != null) {
            return "redirect URI must not contain a fragment";
        }
        if (!uri.isAbsolute() || uri.getHost() == null) {
            return "redirect URI must be absolute";
        }
        if ("https".equals(uri.getScheme())) {
            return null;
        }
        if ("http".equals(uri.getScheme()) && isLoopback(uri)) {
            return null;
        }
        return "redirect URI must use https (http only on 127.0.0.1 or [::1])";
    }

    /** Whether a requested redirect URI matches a registered one. */
    public static boolean matches(String registered, String requested) {
        if (registered.equals(requested)) {
            return true;
        }
        try {
            URI a = new URI(registered);
            URI b = new URI(requested);
            return "http".equals(a.getScheme())
                    && isLoopback(a)
                    && "http".equals(b.getScheme())
                    && a.getHost().equals(b.getHost())
                    && a.getRawPath().equals(b.getRawPath())
                    && java.util.Objects.equals(a.getRawQuery(), b.getRawQuery())
                    && b.getRawFragment() == null
                    && b.getRawUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isLoopback(URI uri) {
        return "127.0.0.1".equals(uri.getHost()) || "[::1]".equals(uri.getHost());
    }
}

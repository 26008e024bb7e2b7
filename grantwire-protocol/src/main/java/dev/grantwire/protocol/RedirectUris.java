package dev.grantwire.protocol;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * The one redirect URI rule of Grantwire, applied when an app registers (grant-service), when a
 * browser arrives at the authorization endpoint (consent-service) and when the consent is recorded
 * (grant-service).
 *
 * <ul>
 *   <li><b>Registration</b> (<a href="https://www.rfc-editor.org/rfc/rfc9700#section-2.1">RFC 9700
 *       section 2.1</a>): an absolute URI, no fragment, no wildcard; {@code https}, or {@code http}
 *       on a loopback IP literal ({@code 127.0.0.1} or {@code [::1]}) for native apps. The host
 *       name {@code localhost} is refused in every scheme: it may resolve elsewhere and cannot be
 *       told from the machine's other programs (<a
 *       href="https://www.rfc-editor.org/rfc/rfc8252#section-8.3">RFC 8252 section 8.3</a>), so
 *       Grantwire treats it the same way everywhere: it is never registered, so it never matches.
 *   <li><b>Matching</b> (<a href="https://www.rfc-editor.org/rfc/rfc9700#section-4.1.3">RFC 9700
 *       section 4.1.3</a>): the requested URI equals a registered one character for character. The
 *       only exception is a registered {@code http} URI on a loopback IP literal, which matches the
 *       same host, path and query on any port (<a
 *       href="https://www.rfc-editor.org/rfc/rfc8252#section-7.3">RFC 8252 section 7.3</a>): a
 *       native app binds whatever port is free.
 *   <li><b>Loopback</b>: exactly the URIs that get the port exception. Any program on the user's
 *       machine can claim such an app's client id (<a
 *       href="https://www.rfc-editor.org/rfc/rfc8252#section-8.6">RFC 8252 section 8.6</a>), so
 *       consent is never remembered for them.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class RedirectUris {

    private RedirectUris() {}

    /** Why a URI cannot be registered as a redirect URI, or {@code null} when it can. */
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
        if ("localhost".equals(uri.getHost().toLowerCase(Locale.ROOT))) {
            return "redirect URI must name 127.0.0.1 or [::1], not localhost";
        }
        if ("https".equals(uri.getScheme())) {
            return null;
        }
        if ("http".equals(uri.getScheme()) && isLoopbackHost(uri.getHost())) {
            return null;
        }
        return "redirect URI must use https (http only on 127.0.0.1 or [::1])";
    }

    /** Whether a requested redirect URI matches a registered one; false when either is null. */
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
     * Whether the URI sends the user back to their own machine: an {@code http} URI on {@code
     * 127.0.0.1} or {@code [::1]}, the only ones that match on any port.
     */
    public static boolean isLoopback(String uri) {
        if (uri == null) {
            return false;
        }
        try {
            URI parsed = new URI(uri);
            return "http".equals(parsed.getScheme()) && isLoopbackHost(parsed.getHost());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isLoopbackHost(String host) {
        return "127.0.0.1".equals(host) || "[::1]".equals(host);
    }
}

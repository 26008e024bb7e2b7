package dev.grantwire.consent.protocol;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The redirect back to the app: {@code code} or {@code error} (<a
 * href="https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2">RFC 6749 section 4.1.2</a>), {@code
 * state} echoed, and {@code iss} always (<a href="https://www.rfc-editor.org/rfc/rfc9207">RFC
 * 9207</a>), added to the query the redirect URI may already have.
 */
public final class AuthorizationResponse {

    private AuthorizationResponse() {}

    /** Success: the one-time code. */
    public static URI code(String redirectUri, String code, String state, String issuer) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("code", code);
        return build(redirectUri, params, state, issuer);
    }

    /** Failure: the error, in words for the app's developer. */
    public static URI error(
            String redirectUri, AuthorizationError error, String state, String issuer) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("error", error.error());
        params.put("error_description", error.description());
        return build(redirectUri, params, state, issuer);
    }

    private static URI build(
            String redirectUri, Map<String, String> params, String state, String issuer) {
        if (state != null) {
            params.put("state", state);
        }
        params.put("iss", issuer);
        StringBuilder uri = new StringBuilder(redirectUri);
        char separator = redirectUri.indexOf('?') < 0 ? '?' : '&';
        for (Map.Entry<String, String> param : params.entrySet()) {
            uri.append(separator)
                    .append(param.getKey())
                    .append('=')
                    .append(URLEncoder.encode(param.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return URI.create(uri.toString());
    }
}

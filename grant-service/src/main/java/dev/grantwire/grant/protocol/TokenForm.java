package dev.grantwire.grant.protocol;

import dev.grantwire.internal.edge.FormBody;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code application/x-www-form-urlencoded} request body, parsed strictly ({@link FormBody}): a
 * malformed body, a refused character or a repeated parameter is an {@code invalid_request} (RFC
 * 6749 section 3.2), never a 500.
 */
public final class TokenForm {

    private final Map<String, List<String>> parameters;

    private TokenForm(Map<String, List<String>> parameters) {
        this.parameters = parameters;
    }

    /** Parses a body sent with a given content type. */
    public static TokenForm parse(String contentType, String body) {
        if (contentType == null
                || !contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            throw OAuthException.invalidRequest(
                    "the body must be application/x-www-form-urlencoded");
        }
        try {
            return new TokenForm(FormBody.parse(body));
        } catch (FormBody.Malformed e) {
            throw OAuthException.invalidRequest(e.getMessage());
        }
    }

    /**
     * A form from parameters already taken apart elsewhere (e.g. forwarded by another service);
     * null and empty values are left out.
     */
    public static TokenForm of(Map<String, String> values) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        values.forEach(
                (name, value) -> {
                    if (value != null && !value.isEmpty()) {
                        parameters.put(name, List.of(value));
                    }
                });
        return new TokenForm(parameters);
    }

    /** A parameter sent at most once; empty values count as absent (RFC 6749 section 3.1). */
    public String single(String name) {
        List<String> values = parameters.get(name);
        if (values == null) {
            return null;
        }
        if (values.size() > 1) {
            throw OAuthException.invalidRequest("parameter " + name + " is repeated");
        }
        String value = values.get(0);
        return value.isEmpty() ? null : value;
    }

    /** A parameter that must be present. */
    public String required(String name) {
        String value = single(name);
        if (value == null) {
            throw OAuthException.invalidRequest("parameter " + name + " is missing");
        }
        return value;
    }
}

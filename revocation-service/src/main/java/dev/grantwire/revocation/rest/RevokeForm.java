package dev.grantwire.revocation.rest;

import dev.grantwire.internal.edge.FormBody;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code application/x-www-form-urlencoded} body of a revocation request, parsed strictly: any
 * other media type, a malformed encoding or a repeated parameter is an {@code invalid_request} (RFC
 * 6749 section 3.2); an empty value counts as absent (section 3.1).
 */
final class RevokeForm {

    /** Why a body is not a usable form. */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private final Map<String, String> parameters;

    private RevokeForm(Map<String, String> parameters) {
        this.parameters = parameters;
    }

    static RevokeForm parse(String contentType, String body) {
        if (contentType == null
                || !contentType
                        .trim()
                        .toLowerCase()
                        .startsWith("application/x-www-form-urlencoded")) {
            throw new Malformed("the body must be application/x-www-form-urlencoded");
        }
        Map<String, String> parameters = new HashMap<>();
        Map<String, List<String>> parsed;
        try {
            parsed = FormBody.parse(body);
        } catch (FormBody.Malformed e) {
            throw new Malformed(e.getMessage());
        }
        for (Map.Entry<String, List<String>> parameter : parsed.entrySet()) {
            if (parameter.getValue().size() > 1) {
                throw new Malformed(
                        "parameter " + FormBody.quotable(parameter.getKey()) + " is repeated");
            }
            parameters.put(parameter.getKey(), parameter.getValue().get(0));
        }
        return new RevokeForm(parameters);
    }

    /** A parameter, or null when absent or empty. */
    String get(String name) {
        String value = parameters.get(name);
        return value == null || value.isEmpty() ? null : value;
    }
}

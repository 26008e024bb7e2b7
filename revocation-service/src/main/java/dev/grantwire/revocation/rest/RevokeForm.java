package dev.grantwire.revocation.rest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
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
        if (body != null && !body.isEmpty()) {
            for (String pair : body.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name;
                String value;
                try {
                    name =
                            URLDecoder.decode(
                                    equals < 0 ? pair : pair.substring(0, equals),
                                    StandardCharsets.UTF_8);
                    value =
                            equals < 0
                                    ? ""
                                    : URLDecoder.decode(
                                            pair.substring(equals + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new Malformed("malformed form encoding");
                }
                if (parameters.putIfAbsent(name, value) != null) {
                    throw new Malformed("parameter " + name + " is repeated");
                }
            }
        }
        return new RevokeForm(parameters);
    }

    /** A parameter, or null when absent or empty. */
    String get(String name) {
        String value = parameters.get(name);
        return value == null || value.isEmpty() ? null : value;
    }
}

package dev.grantwire.grant.protocol;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code application/x-www-form-urlencoded} request body, parsed strictly: a malformed body or a
 * repeated parameter is an {@code invalid_request} (RFC 6749 section 3.2), never a 500.
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
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (body != null && !body.isEmpty()) {
            for (String pair : body.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                String value = equals < 0 ? "" : pair.substring(equals + 1);
                try {
                    name = URLDecoder.decode(name, StandardCharsets.UTF_8);
                    value = URLDecoder.decode(value, StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw OAuthException.invalidRequest("malformed form encoding");
                }
                parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
        }
        return new TokenForm(parameters);
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

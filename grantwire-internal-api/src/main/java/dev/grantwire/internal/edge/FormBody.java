package dev.grantwire.internal.edge;

import dev.grantwire.protocol.InputText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code application/x-www-form-urlencoded} body taken apart strictly, for the OAuth endpoints
 * that read their body themselves (token, introspection, RFC 7009 revocation): every
 * percent-encoding well-formed and UTF-8, every name and value meeting {@link InputText}'s rule.
 * What each endpoint then allows (a repeated parameter, RFC 6749 section 3.1) is its own.
 */
public final class FormBody {

    /** Why a body is refused: this code's fixed words, never the caller's bytes. */
    public static final class Malformed extends IllegalArgumentException {
        Malformed(String message) {
            super(message);
        }
    }

    private FormBody() {}

    /**
     * Every parameter, in order, with all its values.
     *
     * @throws Malformed when an encoding is broken or a text is refused
     */
    public static Map<String, List<String>> parse(String body) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return parameters;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = EdgeRules.decode(equals < 0 ? pair : pair.substring(0, equals), true);
            String value = equals < 0 ? "" : EdgeRules.decode(pair.substring(equals + 1), true);
            if (name == null || value == null) {
                throw new Malformed("malformed form encoding");
            }
            if (!InputText.isAcceptable(name) || !InputText.isAcceptable(value)) {
                throw new Malformed("a parameter holds a character no field accepts");
            }
            parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    /** A parameter's name fit to quote in an error: a plain OAuth name, else nothing. */
    public static String quotable(String name) {
        return name.matches("[a-z_]{1,40}") ? name : "a parameter";
    }
}

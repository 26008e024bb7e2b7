package dev.grantwire.consent.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * When a signed assertion of grant-service expires. consent-service only carries assertions to
 * revocation-service, which verifies them; it reads {@code exp} to fetch a fresh one in time, and
 * an assertion it cannot read counts as expiring (a fresh one is asked for).
 */
public final class Assertions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Assertions() {}

    /** The {@code sub} claim of a compact JWS, when it can be read. */
    public static java.util.Optional<String> subject(String jws) {
        String[] parts = jws.split("\\.");
        if (parts.length != 3) {
            return java.util.Optional.empty();
        }
        try {
            JsonNode sub = JSON.readTree(Base64.getUrlDecoder().decode(parts[1])).get("sub");
            return sub == null || !sub.isTextual()
                    ? java.util.Optional.empty()
                    : java.util.Optional.of(sub.asText());
        } catch (IOException | IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /** Whether the compact JWS expires within {@code margin} from now (or cannot be read). */
    public static boolean expiresWithin(String jws, Duration margin) {
        String[] parts = jws.split("\\.");
        if (parts.length != 3) {
            return true;
        }
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            JsonNode exp = claims.get("exp");
            if (exp == null || !exp.canConvertToLong()) {
                return true;
            }
            return !Instant.ofEpochSecond(exp.asLong()).isAfter(Instant.now().plus(margin));
        } catch (IOException | IllegalArgumentException e) {
            return true;
        }
    }
}

package dev.grantwire.protocol;

/**
 * The canonical form of a JWS in compact serialization (<a
 * href="https://www.rfc-editor.org/rfc/rfc7515#section-7.1">RFC 7515 section 7.1</a>): three
 * segments of base64url without padding (section 2), nothing before, between or after them.
 * Decoders are lenient (padding, the standard alphabet, non-zero bits after the last byte), so one
 * token has many spellings that verify; only the one grant-service issued is accepted anywhere.
 * Every verifier (the guard, grant-service's introspection and userinfo, the internal APIs' service
 * tokens, revocation-service's assertions) asks this first. Stateless and thread-safe.
 */
public final class CompactJws {

    /** Far above any token Grantwire issues (about 1 KB); a 100 KB "token" is refused unread. */
    public static final int MAX_LENGTH = 16 * 1024;

    private CompactJws() {}

    /**
     * Whether {@code token} is a compact JWS spelled canonically: at most {@link #MAX_LENGTH}
     * characters, three non-empty base64url segments, and each segment exactly what encoding its
     * bytes gives back (no padding, no character outside the URL alphabet, zero trailing bits).
     */
    public static boolean isCanonical(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
            return false;
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first < 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
            return false;
        }
        return canonicalSegment(token, 0, first)
                && canonicalSegment(token, first + 1, second)
                && canonicalSegment(token, second + 1, token.length());
    }

    /**
     * A non-empty base64url segment without padding whose last character carries no bits past the
     * last byte: a length of 1 modulo 4 encodes no whole byte, and the unused low bits of the final
     * character (4 of them after one byte, 2 after two) must be zero.
     */
    private static boolean canonicalSegment(String token, int from, int to) {
        int length = to - from;
        if (length == 0 || length % 4 == 1) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (value(token.charAt(i)) < 0) {
                return false;
            }
        }
        int last = value(token.charAt(to - 1));
        return switch (length % 4) {
            case 2 -> (last & 0x0f) == 0;
            case 3 -> (last & 0x03) == 0;
            default -> true;
        };
    }

    /** The 6-bit value of a base64url character (RFC 4648 section 5); -1 for any other. */
    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '-') {
            return 62;
        }
        if (c == '_') {
            return 63;
        }
        return -1;
    }
}

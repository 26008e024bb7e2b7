package dev.grantwire.internal.edge;

import dev.grantwire.protocol.InputText;
import java.util.Base64;

/**
 * HTTP Basic client credentials as RFC 6749 section 2.3.1 writes them: base64 of {@code id:secret},
 * each part form-encoded. The one parser of every place that reads them (the edge rules, the rate
 * limits, grant-service's client authentication): strict base64, strict UTF-8, strict
 * percent-decoding of each part, and {@link InputText}'s rule on what comes out.
 *
 * @param clientId the decoded client id
 * @param secret the decoded secret
 */
public record BasicCredentials(String clientId, String secret) {

    /** Why a header is not Basic credentials; this code's words, never the caller's bytes. */
    public static final class Malformed extends IllegalArgumentException {

        private final boolean refusedText;

        Malformed(String message, boolean refusedText) {
            super(message);
            this.refusedText = refusedText;
        }

        /**
         * Whether the credentials decode but break the input rule (a broken percent-encoding, bytes
         * that are not UTF-8, a NUL or control character): refused at the edge. Otherwise (not
         * base64, no colon) they are merely wrong credentials, the endpoint's to refuse.
         */
        public boolean refusedText() {
            return refusedText;
        }
    }

    /**
     * The credentials of an {@code Authorization} header; null when it is absent or not Basic.
     *
     * @throws Malformed when it is Basic but not well-formed credentials
     */
    public static BasicCredentials parse(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(authorization.substring(6).strip());
        } catch (IllegalArgumentException e) {
            throw new Malformed("malformed Basic credentials", false);
        }
        String text = EdgeRules.utf8(raw);
        if (text == null) {
            throw new Malformed("Basic credentials are not UTF-8", true);
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new Malformed("malformed Basic credentials", false);
        }
        String clientId = EdgeRules.decode(text.substring(0, colon), true);
        String secret = EdgeRules.decode(text.substring(colon + 1), true);
        if (clientId == null || secret == null) {
            throw new Malformed("Basic credentials have a broken percent-encoding", true);
        }
        if (!InputText.isAcceptable(clientId) || !InputText.isAcceptable(secret)) {
            throw new Malformed("Basic credentials hold a character no field accepts", true);
        }
        return new BasicCredentials(clientId, secret);
    }
}

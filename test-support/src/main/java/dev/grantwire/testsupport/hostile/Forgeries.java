package dev.grantwire.testsupport.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Forged and broken variants of a real token grant-service issued, each of which every verifier
 * must refuse: {@code alg: none}, HS256 keyed with the public key, unknown or missing {@code kid},
 * {@code jku} / {@code x5u} / {@code crit} headers, changed claims, and the same bytes in a
 * non-canonical encoding (padding, the standard alphabet, non-zero trailing bits, trailing bytes),
 * which RFC 7515's compact serialization does not allow.
 */
public final class Forgeries {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder URL_DECODER = Base64.getUrlDecoder();

    private Forgeries() {}

    /**
     * The variants of {@code token}, by name.
     *
     * @param jwk the public JWK (RSA) whose key signed it
     */
    public static Map<String, String> of(String token, JsonNode jwk) {
        String[] parts = token.split("\\.");
        ObjectNode header = (ObjectNode) read(parts[0]);
        ObjectNode claims = (ObjectNode) read(parts[1]);
        String signature = parts[2];
        Map<String, String> out = new java.util.LinkedHashMap<>();

        ObjectNode none = header.deepCopy().put("alg", "none");
        out.put("alg none", encode(none) + "." + parts[1] + ".");
        out.put("alg none, signature kept", encode(none) + "." + parts[1] + "." + signature);
        ObjectNode hs = header.deepCopy().put("alg", "HS256");
        String hsInput = encode(hs) + "." + parts[1];
        out.put("HS256 keyed with the public key (DER)", hsInput + "." + hmac(hsInput, der(jwk)));
        out.put(
                "HS256 keyed with the public JWK",
                hsInput + "." + hmac(hsInput, jwk.toString().getBytes(StandardCharsets.UTF_8)));
        out.put("unknown kid", withHeader(header.deepCopy().put("kid", "no-such-key"), parts));
        ObjectNode noKid = header.deepCopy();
        noKid.remove("kid");
        out.put("no kid", withHeader(noKid, parts));
        out.put(
                "jku header",
                withHeader(header.deepCopy().put("jku", "http://127.0.0.1:1/jwks"), parts));
        out.put(
                "x5u header",
                withHeader(header.deepCopy().put("x5u", "http://127.0.0.1:1/cert"), parts));
        ObjectNode crit = header.deepCopy();
        crit.putArray("crit").add("exp");
        out.put("crit header", withHeader(crit, parts));
        out.put("typ JWT", withHeader(header.deepCopy().put("typ", "JWT"), parts));
        long now = System.currentTimeMillis() / 1000;
        out.put(
                "expired",
                withClaims(
                        claims.deepCopy().put("exp", now - 3600).put("iat", now - 7200),
                        header,
                        signature));
        out.put(
                "not yet valid",
                withClaims(claims.deepCopy().put("nbf", now + 3600), header, signature));
        out.put(
                "wrong iss",
                withClaims(
                        claims.deepCopy().put("iss", "https://evil.example"), header, signature));
        out.put(
                "wrong aud",
                withClaims(
                        claims.deepCopy().put("aud", "https://evil.example"), header, signature));
        out.put(
                "wider scope",
                withClaims(
                        claims.deepCopy()
                                .put(
                                        "scope",
                                        "work_items.read work_items.write code.read builds.read"),
                        header,
                        signature));
        out.put(
                "other subject",
                withClaims(claims.deepCopy().put("sub", "someone-else"), header, signature));
        out.put(
                "100 KB claim",
                withClaims(claims.deepCopy().put("pad", "x".repeat(100_000)), header, signature));

        // The same bytes, encoded otherwise: a canonical verifier refuses each.
        out.put("padding", padded(parts[0]) + "." + padded(parts[1]) + "." + padded(signature));
        out.put(
                "standard alphabet",
                standard(parts[0]) + "." + standard(parts[1]) + "." + standard(signature));
        String trailing = trailingBits(signature);
        if (trailing != null) {
            out.put("non-zero trailing bits", parts[0] + "." + parts[1] + "." + trailing);
        }
        out.put("trailing dot", token + ".");
        out.put("trailing space", token + " ");
        out.put("trailing newline", token + "\n");
        out.put("leading space", " " + token);
        out.put("two tokens", token + "," + token);
        out.put("extra segment", token + ".AAAA");
        out.put("five segments (JWE shape)", parts[0] + ".." + parts[1] + ".." + signature);
        out.put(
                "signature cut",
                parts[0] + "." + parts[1] + "." + signature.substring(0, signature.length() - 4));
        out.put("no signature", parts[0] + "." + parts[1] + ".");
        out.put(
                "payload not JSON",
                parts[0]
                        + "."
                        + URL.encodeToString("not json".getBytes(StandardCharsets.UTF_8))
                        + "."
                        + signature);
        out.put(
                "header not JSON",
                URL.encodeToString("{".getBytes(StandardCharsets.UTF_8))
                        + "."
                        + parts[1]
                        + "."
                        + signature);
        out.put("not base64", "!!!." + parts[1] + "." + signature);
        out.put("empty", "");
        out.put("dots", "..");
        out.put("100 KB garbage", "a".repeat(50_000) + "." + "b".repeat(50_000) + ".c");
        return out;
    }

    private static String withHeader(ObjectNode header, String[] parts) {
        return encode(header) + "." + parts[1] + "." + parts[2];
    }

    private static String withClaims(ObjectNode claims, ObjectNode header, String signature) {
        return encode(header) + "." + encode(claims) + "." + signature;
    }

    private static String padded(String segment) {
        int pad = (4 - segment.length() % 4) % 4;
        return segment + "=".repeat(pad == 0 ? 0 : pad);
    }

    private static String standard(String segment) {
        return segment.replace('-', '+').replace('_', '/');
    }

    /**
     * The segment with its last character's unused low bits set: it decodes to the same bytes, so
     * only a verifier that checks the encoding is canonical tells it from the real one. Null when
     * the segment's length leaves no unused bits.
     */
    static String trailingBits(String segment) {
        int remainder = segment.length() % 4;
        if (remainder == 0) {
            return null;
        }
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = segment.charAt(segment.length() - 1);
        int value = alphabet.indexOf(last);
        int unused = remainder == 2 ? 0x0f : 0x03;
        int changed = value | unused;
        if (changed == value) {
            changed = value & ~unused | 1;
        }
        return segment.substring(0, segment.length() - 1) + alphabet.charAt(changed);
    }

    private static String encode(JsonNode json) {
        try {
            return URL.encodeToString(JSON.writeValueAsBytes(json));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String segment) {
        try {
            return JSON.readTree(URL_DECODER.decode(segment));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JWT", e);
        }
    }

    private static String hmac(String input, byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return URL.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] der(JsonNode jwk) {
        try {
            BigInteger n = new BigInteger(1, URL_DECODER.decode(jwk.path("n").asText()));
            BigInteger e = new BigInteger(1, URL_DECODER.decode(jwk.path("e").asText()));
            return KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(n, e))
                    .getEncoded();
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }
}

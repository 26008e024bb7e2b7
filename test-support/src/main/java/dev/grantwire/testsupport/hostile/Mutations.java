package dev.grantwire.testsupport.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ways a request is made hostile. {@link #mutate} applies one or more that fit the request
 * (form breakers only to a form, JSON breakers only to JSON, token forgeries only where a token
 * goes); each names itself in {@link Draft#mutations} for the report.
 */
public final class Mutations {

    private static final String[] METHODS = {
        "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "PROPFIND", "G@T"
    };
    private static final String[] CONTENT_TYPES = {
        "text/plain",
        "application/xml",
        "application/json",
        "application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=ISO-8859-1",
        "multipart/form-data; boundary=x",
        "multipart/form-data",
        "application/octet-stream",
        "application/json; charset=UTF-16",
        "*/*",
        "garbage",
        "application/" + "x".repeat(5_000)
    };
    private static final String[] ACCEPTS = {
        "image/png", "application/xml", "text/html", "application/json;q=0", "*/*;q=0", "garbage/"
    };

    private final Map<String, String> forgedTokens;
    private final List<String> forgedNames;

    /**
     * @param forgedTokens the forged and broken tokens to put where a token goes, by name
     */
    public Mutations(Map<String, String> forgedTokens) {
        this.forgedTokens = forgedTokens;
        this.forgedNames = new ArrayList<>(forgedTokens.keySet());
    }

    /** Applies one to three mutations that fit {@code draft}. */
    public void mutate(Draft draft, Random random) {
        int count = 1 + random.nextInt(random.nextInt(4) == 0 ? 3 : 1);
        for (int i = 0; i < count; i++) {
            List<Runnable> fitting = fitting(draft, random);
            fitting.get(random.nextInt(fitting.size())).run();
        }
    }

    private List<Runnable> fitting(Draft d, Random r) {
        List<Runnable> ops = new ArrayList<>();
        ops.add(() -> wrongMethod(d, r));
        ops.add(() -> contentType(d, r));
        ops.add(() -> accept(d, r));
        ops.add(() -> http10WithoutHost(d));
        ops.add(() -> longHeader(d, r));
        ops.add(() -> manyHeaders(d));
        ops.add(() -> headerBytes(d, r));
        ops.add(() -> query(d, r));
        ops.add(() -> path(d, r));
        ops.add(() -> cookie(d, r));
        ops.add(() -> basic(d, r));
        ops.add(() -> body(d, r));
        if (d.form != null) {
            ops.add(() -> form(d, r));
            ops.add(() -> form(d, r));
            ops.add(() -> formValue(d, r));
            ops.add(() -> formValue(d, r));
        }
        if (d.json != null) {
            ops.add(() -> json(d, r));
            ops.add(() -> json(d, r));
            ops.add(() -> jsonValue(d, r));
            ops.add(() -> jsonValue(d, r));
        }
        String authorization = d.headerValue("Authorization");
        boolean bearer = authorization != null && authorization.startsWith("Bearer ");
        boolean tokenField =
                d.form != null && d.form.stream().anyMatch(f -> f.name().equals("token"));
        if (bearer || tokenField) {
            for (int i = 0; i < 4; i++) {
                ops.add(() -> forgedToken(d, r, bearer));
            }
        }
        return ops;
    }

    private static void wrongMethod(Draft d, Random r) {
        String method = METHODS[r.nextInt(METHODS.length)];
        d.method = method;
        d.mutations.add("method " + method);
    }

    private static void contentType(Draft d, Random r) {
        if (r.nextInt(4) == 0) {
            d.setHeader("Content-Type", null);
            d.mutations.add("no Content-Type");
        } else {
            String type = CONTENT_TYPES[r.nextInt(CONTENT_TYPES.length)];
            d.setHeader("Content-Type", type);
            d.mutations.add("Content-Type " + abbreviate(type));
        }
    }

    private static void accept(Draft d, Random r) {
        String accept = ACCEPTS[r.nextInt(ACCEPTS.length)];
        d.setHeader("Accept", accept);
        d.mutations.add("Accept " + accept);
    }

    private static void http10WithoutHost(Draft d) {
        d.version = "HTTP/1.0";
        d.hostHeader = false;
        d.mutations.add("HTTP/1.0 without Host");
    }

    private static void longHeader(Draft d, Random r) {
        int size = r.nextBoolean() ? 7_000 : 30_000;
        d.header("X-Long", "y".repeat(size));
        d.breaksHttp = true;
        d.mutations.add("header of " + size + " bytes");
    }

    private static void manyHeaders(Draft d) {
        for (int i = 0; i < 150; i++) {
            d.header("X-Many-" + i, "v");
        }
        d.breaksHttp = true;
        d.mutations.add("150 headers");
    }

    private static void headerBytes(Draft d, Random r) {
        switch (r.nextInt(6)) {
            case 0 -> {
                d.header("X-Latin", "caf\u00e9 \u00ff\u00fe");
                d.mutations.add("non-ASCII header bytes");
            }
            case 1 -> {
                d.header("X-Control", "a\u0001b\u007f");
                d.breaksHttp = true;
                d.mutations.add("control bytes in a header");
            }
            case 2 -> {
                d.header(
                        "Origin",
                        Payloads.pick(r, Payloads.INJECTIONS).replace("\r", "").replace("\n", ""));
                d.mutations.add("hostile Origin");
            }
            case 3 -> {
                String auth = d.headerValue("Authorization");
                d.header("Authorization", auth == null ? "Bearer x" : auth);
                d.mutations.add("Authorization twice");
            }
            case 4 -> {
                d.header("Transfer-Encoding", "chunked");
                d.header("Content-Length", "4");
                byte[] body = d.body();
                String chunked =
                        Integer.toHexString(body.length)
                                + "\r\n"
                                + new String(body, StandardCharsets.ISO_8859_1)
                                + "\r\n0\r\n\r\n";
                d.rawBody = chunked.getBytes(StandardCharsets.ISO_8859_1);
                d.breaksHttp = true;
                d.mutations.add("Content-Length with Transfer-Encoding");
            }
            default -> {
                d.header(
                        "X-Forwarded-For",
                        Payloads.pick(r, Payloads.INJECTIONS).replace("\r", "").replace("\n", ""));
                d.header("Forwarded", "for=\"" + Payloads.pick(r, Payloads.BAD_PERCENT) + "\"");
                d.mutations.add("hostile X-Forwarded-For and Forwarded");
            }
        }
    }

    private static void query(Draft d, Random r) {
        switch (r.nextInt(5)) {
            case 0 -> {
                if (!d.query.isEmpty()) {
                    d.query.add(d.query.get(r.nextInt(d.query.size())));
                    d.mutations.add("query parameter repeated");
                } else {
                    d.query.add(new Draft.Field("a", "1", false));
                    d.query.add(new Draft.Field("a", "2", false));
                    d.mutations.add("unknown query parameter repeated");
                }
            }
            case 1 -> {
                String bad = Payloads.pick(r, Payloads.BAD_PERCENT);
                replaceOrAdd(d.query, r, bad, true);
                d.mutations.add("query percent-encoding " + bad);
            }
            case 2 -> {
                String value = Payloads.any(r);
                replaceOrAdd(d.query, r, value, false);
                d.mutations.add("query value " + abbreviate(value));
            }
            case 3 -> {
                d.query.add(
                        new Draft.Field("q", "z".repeat(r.nextBoolean() ? 3_000 : 40_000), false));
                d.breaksHttp = true;
                d.mutations.add("long query");
            }
            default -> {
                d.query.add(new Draft.Field("&&=&", null, true));
                d.mutations.add("empty query parts");
            }
        }
    }

    private static void replaceOrAdd(
            List<Draft.Field> fields, Random r, String value, boolean raw) {
        if (fields.isEmpty()) {
            fields.add(new Draft.Field("x", value, raw));
        } else {
            int i = r.nextInt(fields.size());
            fields.set(i, new Draft.Field(fields.get(i).name(), value, raw));
        }
    }

    private static void path(Draft d, Random r) {
        d.pathChanged = true;
        int slash = d.path.lastIndexOf('/');
        String parent = d.path.substring(0, slash + 1);
        String last = d.path.substring(slash + 1);
        switch (r.nextInt(6)) {
            case 0 -> {
                String bad = Payloads.pick(r, Payloads.BAD_PERCENT);
                d.path = parent + last + bad;
                d.mutations.add("path percent-encoding " + bad);
            }
            case 1 -> {
                String value = Payloads.pick(r, Payloads.INJECTIONS);
                d.path =
                        parent
                                + java.net.URLEncoder.encode(value, StandardCharsets.UTF_8)
                                        .replace("+", "%20");
                d.mutations.add("path segment " + abbreviate(value));
            }
            case 2 -> {
                d.path = parent + "%00" + last;
                d.mutations.add("NUL in the path");
            }
            case 3 -> {
                d.path = d.path + "/..%2f..%2f" + ";jsessionid=x";
                d.mutations.add("path traversal");
            }
            case 4 -> {
                d.path = d.path + "/" + "p".repeat(r.nextBoolean() ? 2_000 : 20_000);
                d.breaksHttp = true;
                d.mutations.add("long path");
            }
            default -> {
                d.path = "//" + d.path.substring(1) + "/";
                d.mutations.add("doubled and trailing slashes");
            }
        }
    }

    private static void cookie(Draft d, Random r) {
        String cookie =
                switch (r.nextInt(7)) {
                    case 0 -> "q_session=" + "garbage".repeat(10);
                    case 1 ->
                            "q_auth_Default_test="
                                    + Base64.getUrlEncoder()
                                            .encodeToString(
                                                    "{\"state\":\"forged\"}"
                                                            .getBytes(StandardCharsets.UTF_8))
                                    + "|/authorizations";
                    case 2 -> "q_session=eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.";
                    case 3 -> "q_session_at=x; q_session_rt=y; q_auth_x=" + "%zz";
                    case 4 ->
                            "demo_session="
                                    + Payloads.pick(r, Payloads.INJECTIONS)
                                            .replace("\r", "")
                                            .replace("\n", "")
                                            .replace(";", "");
                    case 5 -> "a=" + "c".repeat(30_000);
                    default -> "=; ;;=a; \u00e9=\u00ff";
                };
        d.setHeader("Cookie", cookie);
        d.breaksHttp |= cookie.length() > 20_000;
        d.mutations.add("cookie " + abbreviate(cookie));
    }

    private static void basic(Draft d, Random r) {
        String[] broken = {
            "Basic",
            "Basic ",
            "Basic !!!!",
            "Basic " + b64("no-colon"),
            "Basic " + b64("client\u0000:secret"),
            "Basic " + b64("%zz:%zz"),
            "Basic " + b64("%00:%FF"),
            "Basic " + b64(":"),
            "Basic " + b64("c".repeat(5_000) + ":" + "s".repeat(5_000)),
            "Basic " + b64("' OR '1'='1:x"),
            "Basic "
                    + Base64.getEncoder()
                            .encodeToString("client:secret".getBytes(StandardCharsets.UTF_8))
                            .replace("=", "")
                    + "==x",
            "Basic " + b64("caf\u00e9:s\u00ff"),
            "Digest username=\"x\"",
            "Basic " + b64("a:b") + " " + b64("c:d")
        };
        String value = broken[r.nextInt(broken.length)];
        d.setHeader("Authorization", value);
        d.forged = false;
        d.mutations.add("Authorization " + abbreviate(value));
    }

    private static void body(Draft d, Random r) {
        switch (r.nextInt(5)) {
            case 0 -> {
                int size = (1 + r.nextInt(4)) * 1024 * 1024;
                byte[] big = new byte[size];
                java.util.Arrays.fill(big, (byte) 'a');
                d.rawBody = big;
                d.mutations.add("body of " + size / (1024 * 1024) + " MB");
            }
            case 1 -> {
                d.rawBody =
                        new byte[] {
                            (byte) 0xff,
                            (byte) 0xfe,
                            0x00,
                            (byte) 0xc3,
                            0x28,
                            (byte) 0xa0,
                            (byte) 0xa1
                        };
                d.mutations.add("non-UTF-8 body");
            }
            case 2 -> {
                d.rawBody = new byte[0];
                d.mutations.add("empty body");
            }
            case 3 -> {
                // A multipart type over an urlencoded body, and the reverse.
                d.setHeader("Content-Type", "multipart/form-data; boundary=----x");
                d.rawBody = "a=1&b=2".getBytes(StandardCharsets.UTF_8);
                d.mutations.add("multipart type, urlencoded body");
            }
            default -> {
                d.setHeader("Content-Type", "multipart/form-data; boundary=b");
                d.rawBody =
                        ("--b\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n"
                                        + "a\u0000b"
                                        + "\r\n--b--\r\n")
                                .getBytes(StandardCharsets.UTF_8);
                d.mutations.add("multipart body with a NUL");
            }
        }
    }

    private static void form(Draft d, Random r) {
        switch (r.nextInt(5)) {
            case 0 -> {
                Draft.Field field = d.form.get(r.nextInt(d.form.size()));
                d.form.add(field);
                d.mutations.add("form parameter " + field.name() + " repeated");
            }
            case 1 -> {
                String bad = Payloads.pick(r, Payloads.BAD_PERCENT);
                replaceOrAdd(d.form, r, bad, true);
                d.mutations.add("form percent-encoding " + bad);
            }
            case 2 -> {
                d.form.add(new Draft.Field("a", "%zz", true));
                d.mutations.add("form a=%zz");
            }
            case 3 -> {
                for (int i = 0; i < 5_000; i++) {
                    d.form.add(new Draft.Field("p" + i, "v", false));
                }
                d.mutations.add("5000 form parameters");
            }
            default -> {
                d.form.add(new Draft.Field("=", null, true));
                d.form.add(new Draft.Field("novalue", null, true));
                d.mutations.add("form parts without names or values");
            }
        }
    }

    private static void formValue(Draft d, Random r) {
        int i = r.nextInt(d.form.size());
        String value = Payloads.REFUSABLE.get(r.nextInt(Payloads.REFUSABLE.size()));
        if (r.nextBoolean()) {
            value = Payloads.pick(r, Payloads.INJECTIONS);
        }
        Draft.Field field = d.form.get(i);
        d.form.set(i, new Draft.Field(field.name(), value, false));
        d.mutations.add("form " + field.name() + "=" + abbreviate(value));
    }

    private static void json(Draft d, Random r) {
        String text = new String(d.body(), StandardCharsets.UTF_8);
        String broken =
                switch (r.nextInt(9)) {
                    case 0 -> text.substring(0, Math.max(0, text.length() / 2));
                    case 1 -> duplicateFirstKey(d.json, text, r);
                    case 2 -> "[" + text + "]";
                    case 3 -> "[".repeat(10_000) + "]".repeat(10_000);
                    case 4 -> text.replaceFirst("\\}$", ", \"x\": 1e999999999}");
                    case 5 -> "\ufeff" + text;
                    case 6 -> text.replaceFirst("\\{", "{ /* comment */ ");
                    case 7 -> text.replaceFirst("\\}$", ",}");
                    default -> "null";
                };
        d.rawBody = broken.getBytes(StandardCharsets.UTF_8);
        d.mutations.add("JSON broken (" + abbreviate(broken) + ")");
    }

    /**
     * The first key again after every field, with another value: parsers that keep the last one
     * read another request than those that keep the first.
     */
    private static String duplicateFirstKey(JsonNode json, String text, Random r) {
        Iterator<String> names = json.fieldNames();
        if (!names.hasNext()) {
            return "{\"a\":1,\"a\":2}";
        }
        String name = names.next();
        String value =
                r.nextBoolean()
                        ? "\""
                                + Payloads.pick(r, Payloads.INJECTIONS)
                                        .replace("\\", "")
                                        .replace("\"", "")
                                + "\""
                        : "null";
        return text.replaceFirst(
                "\\}$", Matcher.quoteReplacement(",\"" + name + "\":" + value + "}"));
    }

    private static void jsonValue(Draft d, Random r) {
        if (!(d.json instanceof ObjectNode object) || !object.fieldNames().hasNext()) {
            d.json = Draft.object().put("x", Payloads.any(r));
            d.mutations.add("JSON replaced");
            return;
        }
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        String name = names.get(r.nextInt(names.size()));
        switch (r.nextInt(4)) {
            case 0 -> {
                object.put(name, 42);
                d.mutations.add("JSON " + name + " a number");
            }
            case 1 -> {
                object.putObject(name).put("nested", "x");
                d.mutations.add("JSON " + name + " an object");
            }
            case 2 -> {
                String value = Payloads.pick(r, Payloads.REFUSABLE);
                object.put(name, value);
                d.mutations.add("JSON " + name + "=" + abbreviate(value));
            }
            default -> {
                // Escapes written by hand: a NUL and a lone surrogate as \\u escapes.
                String text = new String(d.body(), StandardCharsets.UTF_8);
                String escaped = r.nextBoolean() ? "\\u0000" : "\\ud800";
                d.rawBody =
                        text.replaceFirst(
                                        Pattern.quote("\"" + name + "\"") + "\\s*:\\s*\"",
                                        Matcher.quoteReplacement("\"" + name + "\":\"" + escaped))
                                .getBytes(StandardCharsets.UTF_8);
                d.mutations.add("JSON " + name + " starts with " + escaped);
            }
        }
    }

    private void forgedToken(Draft d, Random r, boolean bearer) {
        String name = forgedNames.get(r.nextInt(forgedNames.size()));
        while (bearer && (name.contains("space") || name.contains("newline"))) {
            // In a header, white space around the value is HTTP's, not the token's.
            name = forgedNames.get(r.nextInt(forgedNames.size()));
        }
        String token = forgedTokens.get(name);
        if (bearer) {
            d.setHeader("Authorization", "Bearer " + token.replace("\r", "").replace("\n", ""));
        } else {
            d.form.replaceAll(
                    f -> f.name().equals("token") ? new Draft.Field("token", token, false) : f);
        }
        d.forged = true;
        d.mutations.add("token: " + name);
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static String abbreviate(String value) {
        String printable =
                value.codePoints()
                        .limit(40)
                        .collect(
                                StringBuilder::new,
                                (b, c) -> {
                                    if (c < 0x20
                                            || c == 0x7f
                                            || Character.getType(c) == Character.SURROGATE) {
                                        b.append(String.format("\\u%04x", c));
                                    } else {
                                        b.appendCodePoint(c);
                                    }
                                },
                                StringBuilder::append)
                        .toString();
        return value.length() > 40 ? printable + "...(" + value.length() + ")" : printable;
    }
}

package dev.grantwire.testsupport.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A request being made hostile: its parts kept apart (path parameters, query, headers, form fields,
 * JSON) so that a mutation can break one of them, then rendered to the exact bytes sent. A part
 * marked raw is sent as it is, without percent-encoding, so a mutation can send {@code %zz}.
 */
public final class Draft {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A name and value of the query or the form; raw ones are sent unencoded. */
    public record Field(String name, String value, boolean raw) {}

    public String method;
    public String path;
    public String version = "HTTP/1.1";
    public boolean hostHeader = true;
    public final List<Field> query = new ArrayList<>();
    public final List<Map.Entry<String, String>> headers = new ArrayList<>();
    public List<Field> form;
    public JsonNode json;

    /** A body that replaces whatever form or JSON would be rendered; bytes as they are. */
    public byte[] rawBody;

    /** Whether the credentials were replaced by a forged token (the answer must refuse it). */
    public boolean forged;

    /**
     * Whether the request breaks HTTP's own syntax or limits (a header over the server's limit, a
     * request line too long, Content-Length beside Transfer-Encoding, a control byte in a header):
     * the HTTP codec refuses it with an empty 400, 414 or 431 before any service code runs.
     */
    public boolean breaksHttp;

    /** Whether a mutation changed the path (the answer may come from another endpoint). */
    public boolean pathChanged;

    /** What was done to the request, for the report. */
    public final List<String> mutations = new ArrayList<>();

    public Draft(String method, String path) {
        this.method = method;
        this.path = path;
    }

    /** A copy to mutate. */
    public Draft copy() {
        Draft copy = new Draft(method, path);
        copy.version = version;
        copy.hostHeader = hostHeader;
        copy.query.addAll(query);
        copy.headers.addAll(headers);
        copy.form = form == null ? null : new ArrayList<>(form);
        copy.json = json == null ? null : json.deepCopy();
        copy.rawBody = rawBody;
        copy.forged = forged;
        copy.breaksHttp = breaksHttp;
        copy.pathChanged = pathChanged;
        copy.mutations.addAll(mutations);
        return copy;
    }

    public Draft header(String name, String value) {
        headers.add(Map.entry(name, value));
        return this;
    }

    /** Replaces every header of that name (case-insensitive); null removes them. */
    public Draft setHeader(String name, String value) {
        headers.removeIf(h -> h.getKey().equalsIgnoreCase(name));
        if (value != null) {
            headers.add(Map.entry(name, value));
        }
        return this;
    }

    public String headerValue(String name) {
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    public Draft query(String name, String value) {
        query.add(new Field(name, value, false));
        return this;
    }

    public Draft form(String name, String value) {
        if (form == null) {
            form = new ArrayList<>();
        }
        form.add(new Field(name, value, false));
        return this;
    }

    public Draft json(ObjectNode body) {
        this.json = body;
        return this;
    }

    /** An empty JSON object to fill. */
    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** The body as it will be sent. */
    public byte[] body() {
        if (rawBody != null) {
            return rawBody;
        }
        if (form != null) {
            return encode(form).getBytes(StandardCharsets.UTF_8);
        }
        if (json != null) {
            try {
                return JSON.writeValueAsBytes(json);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return new byte[0];
    }

    /** The request target: the path and, if any, the query. */
    public String target() {
        return query.isEmpty() ? path : path + "?" + encode(query);
    }

    /** The bytes of the whole request for a server on {@code port}. */
    public byte[] render(int port) {
        byte[] body = body();
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(target()).append(' ').append(version).append("\r\n");
        if (hostHeader) {
            head.append("Host: 127.0.0.1:").append(port).append("\r\n");
        }
        boolean hasLength = false;
        for (Map.Entry<String, String> header : headers) {
            hasLength |=
                    header.getKey().equalsIgnoreCase("Content-Length")
                            || header.getKey().equalsIgnoreCase("Transfer-Encoding");
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
        if (!hasLength && (body.length > 0 || !"GET".equals(method) && !"HEAD".equals(method))) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        if (version.equals("HTTP/1.1")) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // Header bytes as ISO-8859-1: a mutation's non-ASCII header text goes out as raw octets.
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        out.write(headBytes, 0, headBytes.length);
        out.write(body, 0, body.length);
        return out.toByteArray();
    }

    /**
     * Whether the request is beyond the HTTP server's own limits or syntax, refused by its codec
     * before any handler: a mutation said so, the request line is over 4096 bytes or the headers
     * over 20 KB (Quarkus's defaults), the method is not a token, or the target has a {@code %} not
     * followed by two hex digits.
     */
    public boolean beyondHttp() {
        if (breaksHttp || !method.matches("[A-Z]+")) {
            return true;
        }
        String target = target();
        if (method.length() + target.length() + version.length() + 2 > 4096) {
            return true;
        }
        int headerBytes = 0;
        for (Map.Entry<String, String> header : headers) {
            headerBytes += header.getKey().length() + header.getValue().length() + 4;
        }
        return headerBytes > 20 * 1024 || target.matches(".*%(?![0-9A-Fa-f]{2}).*");
    }

    /** A short description for the report. */
    public String describe() {
        String target = target();
        if (target.length() > 120) {
            target = target.substring(0, 120) + "...(" + target.length() + " chars)";
        }
        return method + " " + target + " " + version + " " + mutations;
    }

    private static String encode(List<Field> fields) {
        StringBuilder out = new StringBuilder();
        for (Field field : fields) {
            if (out.length() > 0) {
                out.append('&');
            }
            if (field.raw()) {
                out.append(field.name());
                if (field.value() != null) {
                    out.append('=').append(field.value());
                }
            } else {
                out.append(URLEncoder.encode(field.name(), StandardCharsets.UTF_8));
                if (field.value() != null) {
                    out.append('=')
                            .append(URLEncoder.encode(field.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return out.toString();
    }
}

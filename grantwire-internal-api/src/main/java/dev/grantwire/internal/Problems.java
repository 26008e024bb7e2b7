package dev.grantwire.internal;

import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code application/problem+json} answers (<a href="https://www.rfc-editor.org/rfc/rfc9457">RFC
 * 9457</a>).
 */
public final class Problems {

    /** The media type of a problem. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {}

    /** A problem with the given status, title and (nullable) detail. */
    public static Response response(int status, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        return Response.status(status).type(MEDIA_TYPE).entity(body).build();
    }

    /** 400 Bad Request. */
    public static Response badRequest(String detail) {
        return response(400, "Bad Request", detail);
    }
}

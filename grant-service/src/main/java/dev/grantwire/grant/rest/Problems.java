package dev.grantwire.grant.rest;

import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds {@code application/problem+json} responses. */
final class Problems {

    private Problems() {}

    static Response response(int status, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        return Response.status(status).type("application/problem+json").entity(body).build();
    }
}

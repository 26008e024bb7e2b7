package dev.grantwire.examples.resource.rest;

import jakarta.ws.rs.core.Response;
import java.util.Map;

/** {@code application/problem+json} answers (RFC 9457). */
final class Problems {

    private Problems() {}

    static Response badRequest(String detail) {
        return Response.status(400)
                .type("application/problem+json")
                .entity(Map.of("title", "Bad request", "status", 400, "detail", detail))
                .build();
    }
}

package dev.grantwire.examples.resource.rest;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A path no route serves: problem+json like every other refusal here, instead of the HTTP server's
 * bare HTML page.
 */
@ApplicationScoped
public class NotFoundRoute {

    void register(@Observes Router router) {
        router.route()
                .last()
                .handler(
                        context ->
                                context.response()
                                        .setStatusCode(404)
                                        .putHeader("Content-Type", "application/problem+json")
                                        .end(
                                                new JsonObject()
                                                        .put("type", "about:blank")
                                                        .put("title", "Not Found")
                                                        .put("status", 404)
                                                        .put(
                                                                "detail",
                                                                "nothing is served at this path")
                                                        .encode()));
    }
}

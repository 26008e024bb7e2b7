package dev.grantwire.demo.rest;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The demo app's refusals as its own page, in plain words: a path it does not serve, a wrong method
 * or media type, a form it cannot read (a broken percent-encoding, a multipart type over another
 * body). Never the framework's page or message.
 */
@ApplicationScoped
public class DemoErrors {

    @ServerExceptionMapper
    Response framework(WebApplicationException exception) {
        int status = exception.getResponse() == null ? 500 : exception.getResponse().getStatus();
        return page(status);
    }

    @ServerExceptionMapper
    Response illegalArgument(IllegalArgumentException exception) {
        // Thrown while RESTEasy decodes a form (e.g. "a=%zz"), the request is at fault; thrown
        // anywhere else it is a bug, and stays a 500.
        return page(unreadableForm(exception) ? 400 : 500);
    }

    void routes(@Observes Router router) {
        // A form the HTTP server cannot take apart fails before any endpoint: the caller's error,
        // not a 500.
        router.route()
                .order(Integer.MIN_VALUE)
                .failureHandler(
                        context -> {
                            if (unreadableForm(context.failure())
                                    && !context.response().headWritten()) {
                                context.response()
                                        .setStatusCode(400)
                                        .putHeader("Content-Type", "text/html;charset=UTF-8")
                                        .end(html(400));
                            } else {
                                context.next();
                            }
                        });
        router.route()
                .last()
                .handler(
                        context ->
                                context.response()
                                        .setStatusCode(404)
                                        .putHeader("Content-Type", "text/html;charset=UTF-8")
                                        .end(html(404)));
    }

    private static Response page(int status) {
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(html(status))
                .build();
    }

    private static String html(int status) {
        String problem =
                switch (status) {
                    case 404 -> "There is nothing at this address. Start again from the home page.";
                    case 405, 406, 415 -> "This page cannot be used this way. Use its buttons.";
                    case 500 -> "Something went wrong here. Start again from the home page.";
                    default -> "The request could not be read. Start again from the home page.";
                };
        return DemoResource.Templates.page(
                        new DemoResource.View(
                                "NOT_CONNECTED", null, List.of(), problem, false, null))
                .render();
    }

    /** Where RESTEasy Reactive takes form and multipart bodies apart. */
    private static final String FORM_PARSERS = "org.jboss.resteasy.reactive.server.core.multipart.";

    /**
     * A form body the HTTP server refused: Netty's or RESTEasy Reactive's form parsers (too many
     * fields, a multipart type over another body).
     */
    private static boolean unreadableForm(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getClass().getName().startsWith("io.netty.handler.codec.http.multipart.")
                    || thrownWhileParsingAForm(t)) {
                return true;
            }
        }
        return false;
    }

    /** Whether RESTEasy Reactive's form or multipart parser was on the stack when it was thrown. */
    private static boolean thrownWhileParsingAForm(Throwable failure) {
        for (StackTraceElement frame : failure.getStackTrace()) {
            if (frame.getClassName().startsWith(FORM_PARSERS)) {
                return true;
            }
        }
        return false;
    }
}

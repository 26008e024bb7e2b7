package dev.grantwire.examples.resource.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.grantwire.examples.resource.persistence.StoreUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The example API's one error shape besides the guard's RFC 6750 challenges: problem+json, with
 * this code's words, for the framework's refusals (no such path, a wrong method or media type) and
 * for a body that is not the JSON expected, and a 503 with {@code Retry-After} while its database
 * cannot be reached. Never the framework's, the parser's or the driver's message.
 */
class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    Response framework(WebApplicationException exception) {
        int status = exception.getResponse() == null ? 500 : exception.getResponse().getStatus();
        return Problems.of(
                status,
                switch (status) {
                    case 404 -> "nothing is served at this path";
                    case 405 -> "this method is not allowed here";
                    case 406 -> "no answer of an acceptable media type can be given here";
                    case 413 -> "the request body is too large";
                    case 415 -> "this media type is not accepted here";
                    default -> "the request is not valid here";
                });
    }

    @ServerExceptionMapper
    Response storeUnavailable(StoreUnavailableException exception) {
        LOG.warnf("Work items unavailable: %s (%s)", exception.getMessage(), exception.getCause());
        Response problem =
                Problems.of(503, "the work items cannot be reached right now; try again shortly");
        return Response.fromResponse(problem).header("Retry-After", "5").build();
    }

    @ServerExceptionMapper
    Response json(JsonProcessingException exception) {
        return Problems.badRequest("the request body is not valid JSON for this endpoint");
    }

    @ServerExceptionMapper
    Response wrongShape(MismatchedInputException exception) {
        return Problems.badRequest("the request body is not valid JSON for this endpoint");
    }
}

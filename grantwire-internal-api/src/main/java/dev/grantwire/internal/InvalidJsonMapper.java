package dev.grantwire.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A request body that is not the JSON an endpoint expects is the caller's error: a 400 problem that
 * names no parser and quotes nothing back. Registered in every service that has this jar.
 */
@Provider
public class InvalidJsonMapper implements ExceptionMapper<JsonProcessingException> {

    static final String DETAIL = "the request body is not valid JSON for this endpoint";

    @Override
    public Response toResponse(JsonProcessingException exception) {
        return Problems.badRequest(DETAIL);
    }

    /**
     * Well-formed JSON of the wrong shape (an array for an object, a number for a text). Mapped on
     * its own: Quarkus has a built-in mapper for this type that answers without a problem body.
     */
    @Provider
    public static class WrongShape implements ExceptionMapper<MismatchedInputException> {

        @Override
        public Response toResponse(MismatchedInputException exception) {
            return Problems.badRequest(DETAIL);
        }
    }
}

package dev.grantwire.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.grantwire.internal.edge.ErrorAnswers;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A request body that is not the JSON an endpoint expects is the caller's error: a 400 in the
 * service's shape for the path ({@link ErrorAnswers}: problem+json on APIs, RFC 7591's {@code
 * invalid_client_metadata} on registration) that names no parser and quotes nothing back.
 * Registered in every service that has this jar.
 */
@Provider
public class InvalidJsonMapper implements ExceptionMapper<JsonProcessingException> {

    @Inject ErrorAnswers answers;
    @Inject CurrentVertxRequest request;

    @Override
    public Response toResponse(JsonProcessingException exception) {
        return answer(answers, request);
    }

    static Response answer(ErrorAnswers answers, CurrentVertxRequest request) {
        String path = ErrorAnswers.pathOf(request == null ? null : request.getCurrent());
        return answers.answer(path, 400, ErrorAnswers.NOT_JSON).toResponse();
    }

    /**
     * Well-formed JSON of the wrong shape (an array for an object, a number for a text, a text with
     * a NUL). Mapped on its own: Quarkus has a built-in mapper for this type that answers without a
     * body.
     */
    @Provider
    public static class WrongShape implements ExceptionMapper<MismatchedInputException> {

        @Inject ErrorAnswers answers;
        @Inject CurrentVertxRequest request;

        @Override
        public Response toResponse(MismatchedInputException exception) {
            return answer(answers, request);
        }
    }
}

package dev.grantwire.internal.edge;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * The framework's refusals (no such path, a wrong method, media type or Accept, a body too large)
 * in the service's shape for the path ({@link ErrorAnswers}), with this code's words: never the
 * framework's message, never a 500 for bad input.
 */
@Provider
public class FrameworkErrorMapper implements ExceptionMapper<WebApplicationException> {

    @Inject ErrorAnswers answers;
    @Inject CurrentVertxRequest request;

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        int status = original == null ? 500 : original.getStatus();
        // RESTEasy wraps what Jackson could not read in a 400 of its own.
        String detail =
                exception.getCause() instanceof JsonProcessingException
                        ? ErrorAnswers.NOT_JSON
                        : ErrorAnswers.describe(status);
        Response answer = answers.answer(path(request), status, detail).toResponse();
        if (original != null && original.getHeaderString("Allow") != null) {
            answer.getHeaders().putSingle("Allow", original.getHeaderString("Allow"));
        }
        return answer;
    }

    static String path(CurrentVertxRequest request) {
        return ErrorAnswers.pathOf(request == null ? null : request.getCurrent());
    }
}

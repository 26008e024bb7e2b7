package dev.grantwire.consent.rest;

import dev.grantwire.internal.edge.ErrorAnswers;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * consent-service's one error shape (docs/ARCHITECTURE.md, "Errors"): every path here is a page a
 * browser shows, so every refusal is a plain page with a way back.
 */
@ApplicationScoped
public class ConsentErrorAnswers implements ErrorAnswers {

    @Override
    public Answer answer(String path, int status, String detail) {
        String message =
                switch (status) {
                    case 404 -> "There is no page at this address.";
                    case 405, 415, 406 ->
                            "This page cannot be used this way. Go back and use its links and"
                                    + " buttons.";
                    case 413 -> "What was sent is too large.";
                    case 503 ->
                            "This service cannot answer right now, and nothing was changed. Try"
                                    + " again in a moment.";
                    case 500 ->
                            "Something went wrong on our side, and nothing was changed. Try again,"
                                    + " and if it keeps happening, tell your administrator.";
                    default ->
                            "The request could not be read: it has characters or an encoding"
                                    + " that no page here accepts.";
                };
        String html =
                Pages.Templates.message(ErrorAnswers.reason(status), message, "/authorizations")
                        .render();
        return new Answer(
                status, "text/html;charset=UTF-8", html, Map.of("Cache-Control", "no-store"));
    }
}

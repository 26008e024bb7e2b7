package dev.grantwire.revocation.rest;

import dev.grantwire.internal.edge.ErrorAnswers;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * revocation-service's error shapes, by path (docs/ARCHITECTURE.md, "Errors"): RFC 6749 JSON on the
 * RFC 7009 endpoint, problem+json on the internal APIs.
 */
@ApplicationScoped
public class RevocationErrorAnswers implements ErrorAnswers {

    @Override
    public Answer answer(String path, int status, String detail) {
        if (path.startsWith("/oauth2/")) {
            return ErrorAnswers.oauth(status, "invalid_request", detail);
        }
        return ErrorAnswers.problem(status, detail);
    }
}

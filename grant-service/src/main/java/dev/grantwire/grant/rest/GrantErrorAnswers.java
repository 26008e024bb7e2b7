package dev.grantwire.grant.rest;

import dev.grantwire.internal.edge.ErrorAnswers;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * grant-service's error shapes, by path (docs/ARCHITECTURE.md, "Errors"): RFC 7591 on registration
 * ({@code invalid_client_metadata} for a bad body), RFC 6749 JSON on every other OAuth and OpenID
 * endpoint and the metadata, problem+json on the internal APIs.
 */
@ApplicationScoped
public class GrantErrorAnswers implements ErrorAnswers {

    @Override
    public Answer answer(String path, int status, String detail) {
        if (path.startsWith("/oauth2/register")) {
            return ErrorAnswers.oauth(
                    status, status == 400 ? "invalid_client_metadata" : "invalid_request", detail);
        }
        if (path.startsWith("/oauth2/") || path.startsWith("/.well-known/")) {
            return ErrorAnswers.oauth(status, "invalid_request", detail);
        }
        return ErrorAnswers.problem(status, detail);
    }
}

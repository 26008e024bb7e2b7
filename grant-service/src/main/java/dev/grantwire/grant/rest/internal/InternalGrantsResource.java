package dev.grantwire.grant.rest.internal;

import dev.grantwire.grant.security.InternalApi;
import dev.grantwire.grant.service.ConsentService;
import dev.grantwire.grant.service.FeedPositionWait;
import dev.grantwire.grant.service.ProblemException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/** consent-service's Accept: record or widen the grant and get a one-time code for it. */
@InternalApi
@Path("/internal/v1/grants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InternalGrantsResource {

    /** The authorization request the user accepted. */
    public record Consent(
            UUID userId,
            String clientId,
            List<String> scopes,
            String redirectUri,
            String nonce,
            String codeChallenge,
            String codeChallengeMethod,
            Long revocationSequence) {}

    private final ConsentService consents;
    private final FeedPositionWait feedPosition;

    InternalGrantsResource(ConsentService consents, FeedPositionWait feedPosition) {
        this.consents = consents;
        this.feedPosition = feedPosition;
    }

    @POST
    public Response consent(Consent consent) {
        if (consent == null) {
            throw ProblemException.badRequest("a JSON body is required");
        }
        if (consent.revocationSequence() != null) {
            feedPosition.awaitApplied(consent.revocationSequence());
        }
        ConsentService.IssuedCode code =
                consents.consent(
                        consent.userId(),
                        consent.clientId(),
                        consent.scopes(),
                        consent.redirectUri(),
                        consent.nonce(),
                        consent.codeChallenge(),
                        consent.codeChallengeMethod());
        return Response.status(201).entity(code).build();
    }
}

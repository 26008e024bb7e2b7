package dev.grantwire.grant.rest.internal;

import dev.grantwire.grant.security.InternalApi;
import dev.grantwire.grant.service.ConsentService;
import dev.grantwire.grant.service.FeedPositionWait;
import dev.grantwire.grant.service.GrantQueries;
import dev.grantwire.grant.service.ProblemException;
import dev.grantwire.internal.grants.Consent;
import dev.grantwire.internal.grants.GrantOwner;
import dev.grantwire.internal.grants.GrantsApi;
import dev.grantwire.internal.grants.IssuedCode;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * {@link GrantsApi}: consent-service's Accept records or widens the grant and gets a one-time code
 * for it; revocation-service looks up whose a grant is.
 */
@InternalApi
public class InternalGrantsResource implements GrantsApi {

    private final ConsentService consents;
    private final FeedPositionWait feedPosition;
    private final GrantQueries grants;

    InternalGrantsResource(
            ConsentService consents, FeedPositionWait feedPosition, GrantQueries grants) {
        this.consents = consents;
        this.feedPosition = feedPosition;
        this.grants = grants;
    }

    @Override
    public RestResponse<IssuedCode> consent(Consent consent) {
        if (consent == null) {
            throw ProblemException.badRequest("a JSON body is required");
        }
        if (consent.revocationSequence() != null) {
            feedPosition.awaitApplied(consent.revocationSequence());
        }
        IssuedCode code =
                consents.consent(
                        consent.userId(),
                        consent.clientId(),
                        consent.scopes(),
                        consent.redirectUri(),
                        consent.nonce(),
                        consent.codeChallenge(),
                        consent.codeChallengeMethod(),
                        consent.authTime() == null
                                ? null
                                : Instant.ofEpochSecond(consent.authTime()));
        return RestResponse.status(Response.Status.CREATED, code);
    }

    @Override
    public GrantOwner owner(String grantId) {
        UUID id;
        try {
            id = UUID.fromString(grantId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("unknown grant");
        }
        return grants.owner(id);
    }
}

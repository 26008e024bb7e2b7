package dev.grantwire.revocation.service;

import dev.grantwire.events.RevocationKind;
import dev.grantwire.internal.grants.TokenResolution;
import dev.grantwire.internal.grants.TokenResolutionRequest;
import dev.grantwire.revocation.client.GrantServiceClient;
import dev.grantwire.revocation.service.RevocationRecorder.Command;
import dev.grantwire.revocation.service.RevocationRecorder.Recorded;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The rules of <a href="https://www.rfc-editor.org/rfc/rfc7009#section-2.1">RFC 7009 section
 * 2.1</a>, with no HTTP in them. grant-service authenticates the client and resolves the token
 * (reads, before any transaction); then, for a live token issued to that client, one revocation is
 * recorded: an access token as a {@code token} revocation of its {@code jti}, a refresh token as a
 * {@code grant} revocation of its grant (revoking a refresh token ends the authorization it belongs
 * to, section 2.1: "SHOULD also invalidate all access tokens based on the same authorization
 * grant"). Revoking the same token twice replays the first record ({@link OnceCommands}).
 */
@ApplicationScoped
public class TokenRevocation {

    /** How a revocation request ended. */
    public enum Result {
        /** The client did not authenticate: {@code invalid_client} (or what grant-service said). */
        CLIENT_REFUSED,
        /** No {@code token} parameter: {@code invalid_request}. */
        TOKEN_MISSING,
        /** The token was issued to another client: {@code invalid_client}, nothing recorded. */
        FOREIGN_TOKEN,
        /** Unknown, expired or already dead: 200, nothing recorded (section 2.2). */
        NOTHING_TO_REVOKE,
        /** Recorded (or replayed): 200. */
        RECORDED
    }

    /** The outcome; {@code error...} for {@link Result#CLIENT_REFUSED}, {@code recorded} last. */
    public record Outcome(
            Result result,
            String error,
            String errorDescription,
            boolean basicChallenge,
            Recorded recorded) {

        static Outcome of(Result result) {
            return new Outcome(result, null, null, false, null);
        }
    }

    static final String REASON = "oauth2_revoke";

    private final GrantServiceClient grantService;
    private final RevocationRecorder recorder;

    TokenRevocation(GrantServiceClient grantService, RevocationRecorder recorder) {
        this.grantService = grantService;
        this.recorder = recorder;
    }

    /**
     * Authenticates, resolves and records.
     *
     * @throws dev.grantwire.revocation.client.GrantServiceUnavailableException if grant-service
     *     gave no answer (nothing recorded)
     */
    public Outcome revoke(TokenResolutionRequest request) {
        TokenResolution resolution = grantService.resolve(request);
        if (!resolution.clientAuthenticated()) {
            return new Outcome(
                    Result.CLIENT_REFUSED,
                    resolution.error() == null ? "invalid_client" : resolution.error(),
                    resolution.errorDescription(),
                    resolution.basicChallenge(),
                    null);
        }
        if (request.token() == null) {
            return Outcome.of(Result.TOKEN_MISSING);
        }
        String type = resolution.tokenType();
        boolean access = "access".equals(type) && resolution.jti() != null;
        boolean refresh = "refresh".equals(type) && resolution.grantId() != null;
        if (!access && !refresh) {
            return Outcome.of(Result.NOTHING_TO_REVOKE);
        }
        if (resolution.tokenClientId() == null
                || !resolution.tokenClientId().equals(resolution.clientId())) {
            return Outcome.of(Result.FOREIGN_TOKEN);
        }
        RevocationKind kind = access ? RevocationKind.TOKEN : RevocationKind.GRANT;
        String subject = access ? resolution.jti() : resolution.grantId().toString();
        Recorded recorded =
                recorder.record(
                        new Command(
                                OnceCommands.of(kind, subject),
                                kind,
                                subject,
                                null,
                                resolution.tokenClientId(),
                                resolution.userId() == null ? null : resolution.userId().toString(),
                                REASON,
                                "client:" + resolution.clientId()));
        return new Outcome(Result.RECORDED, null, null, false, recorded);
    }
}

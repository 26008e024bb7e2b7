package dev.grantwire.internal.grants;

import java.util.List;
import java.util.UUID;

/**
 * The authorization request a user accepted, as consent-service stored it.
 *
 * @param revocationSequence the ledger position of the user's latest revocation made through
 *     consent-service, which grant-service applies before it records the grant (read-your-writes);
 *     null when there is none
 */
public record Consent(
        UUID userId,
        String clientId,
        List<String> scopes,
        String redirectUri,
        String nonce,
        String codeChallenge,
        String codeChallengeMethod,
        Long revocationSequence) {}

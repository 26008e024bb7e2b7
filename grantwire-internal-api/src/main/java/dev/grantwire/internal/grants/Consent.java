package dev.grantwire.internal.grants;

import java.util.List;
import java.util.UUID;

/**
 * The authorization request a user accepted, as consent-service stored it.
 *
 * @param revocationSequence the ledger position of the user's latest revocation made through
 *     consent-service, which grant-service applies before it records the grant (read-your-writes);
 *     null when there is none
 * @param authTime when the user last authenticated at the organization's identity provider, in
 *     epoch seconds (OpenID Connect {@code auth_time}), for Grantwire's ID token; null when unknown
 */
public record Consent(
        UUID userId,
        String clientId,
        List<String> scopes,
        String redirectUri,
        String nonce,
        String codeChallenge,
        String codeChallengeMethod,
        Long revocationSequence,
        Long authTime) {}

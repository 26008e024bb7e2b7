package dev.grantwire.grant.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A one-time authorization code, as stored (the code itself only hashed). */
public record AuthorizationCode(
        UUID grantId,
        String clientId,
        String redirectUri,
        List<String> scopes,
        String nonce,
        String codeChallenge,
        Instant authTime,
        Instant expiresAt,
        boolean used) {}

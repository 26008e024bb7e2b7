package dev.grantwire.grant.persistence;

import dev.grantwire.grant.domain.RefreshToken;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

/** The {@code refresh_token} table. Tokens are stored only as SHA-256 hashes. */
@ApplicationScoped
public class RefreshTokenRepository {

    private static final String COLUMNS =
            "token_hash, grant_id, client_id, scopes, expires_at, rotated_at, grace_response,"
                    + " grace_until";

    private final Jdbc jdbc;

    RefreshTokenRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<RefreshToken> find(byte[] tokenHash) {
        return jdbc.one(
                "SELECT " + COLUMNS + " FROM refresh_token WHERE token_hash = ?",
                RefreshTokenRepository::map,
                tokenHash);
    }

    public void insert(
            byte[] tokenHash,
            UUID grantId,
            String clientId,
            Collection<String> scopes,
            Instant expiresAt) {
        jdbc.update(
                "INSERT INTO refresh_token (token_hash, grant_id, client_id, scopes, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?)",
                tokenHash,
                grantId,
                clientId,
                scopes,
                expiresAt);
    }

    /**
     * Marks a token rotated, keeping the encrypted response for a retry until {@code graceUntil}.
     */
    public void markRotated(
            byte[] tokenHash, byte[] replacedBy, byte[] graceResponse, Instant graceUntil) {
        jdbc.update(
                "UPDATE refresh_token SET rotated_at = clock_timestamp(), replaced_by = ?,"
                        + " grace_response = ?, grace_until = ? WHERE token_hash = ?",
                replacedBy,
                graceResponse,
                graceUntil,
                tokenHash);
    }

    public int deleteOfGrant(UUID grantId) {
        return jdbc.update("DELETE FROM refresh_token WHERE grant_id = ?", grantId);
    }

    /** Drops grace-period responses whose period is over; returns how many. */
    public int dropExpiredGraceResponses() {
        return jdbc.update(
                "UPDATE refresh_token SET grace_response = NULL"
                        + " WHERE grace_response IS NOT NULL AND grace_until <= clock_timestamp()");
    }

    /** Removes tokens expired before a time (rotated rows included: nothing can reuse them now). */
    public int deleteExpiredBefore(Instant before) {
        return jdbc.update("DELETE FROM refresh_token WHERE expires_at < ?", before);
    }

    private static RefreshToken map(ResultSet row) throws SQLException {
        return new RefreshToken(
                row.getBytes("token_hash"),
                row.getObject("grant_id", UUID.class),
                row.getString("client_id"),
                Jdbc.strings(row, "scopes"),
                Jdbc.instant(row, "expires_at"),
                Jdbc.instant(row, "rotated_at"),
                row.getBytes("grace_response"),
                Jdbc.instant(row, "grace_until"));
    }

    /** Deletes the refresh tokens of every revoked grant of a user. */
    public int deleteOfRevokedGrantsOfUser(UUID userId) {
        return jdbc.update(
                "DELETE FROM refresh_token WHERE grant_id IN (SELECT grant_id FROM"
                        + " authorization_grant WHERE user_id = ? AND status = 'revoked')",
                userId);
    }

    /**
     * Deletes an app's refresh tokens issued before a cutoff (app-wide {@code tokens} revocation).
     */
    public int deleteOfClientBefore(String clientId, Instant cutoff) {
        return jdbc.update(
                "DELETE FROM refresh_token WHERE client_id = ? AND created_at < ?",
                clientId,
                cutoff);
    }
}

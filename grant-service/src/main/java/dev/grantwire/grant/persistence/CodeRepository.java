package dev.grantwire.grant.persistence;

import dev.grantwire.grant.domain.AuthorizationCode;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

/** The {@code authorization_code} table. */
@ApplicationScoped
public class CodeRepository {

    private static final String COLUMNS =
            "grant_id, client_id, redirect_uri, scopes, nonce, code_challenge, auth_time,"
                    + " expires_at, used";

    private final Jdbc jdbc;

    CodeRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(
            byte[] codeHash,
            UUID grantId,
            String clientId,
            String redirectUri,
            Collection<String> scopes,
            String nonce,
            String codeChallenge,
            Instant authTime,
            Instant expiresAt) {
        jdbc.update(
                "INSERT INTO authorization_code (code_hash, grant_id, client_id, redirect_uri,"
                        + " scopes, nonce, code_challenge, auth_time, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                codeHash,
                grantId,
                clientId,
                redirectUri,
                scopes,
                nonce,
                codeChallenge,
                authTime,
                expiresAt);
    }

    /**
     * Redeems a code in one atomic statement: of many concurrent callers exactly one gets it. Empty
     * when the code is unknown, of another client, already used or expired.
     */
    public Optional<AuthorizationCode> redeem(byte[] codeHash, String clientId) {
        return jdbc.one(
                "UPDATE authorization_code SET used = true"
                        + " WHERE code_hash = ? AND client_id = ? AND used = false"
                        + " AND expires_at > clock_timestamp() RETURNING "
                        + COLUMNS,
                CodeRepository::map,
                codeHash,
                clientId);
    }

    /** Reads a code without redeeming it, to tell why {@link #redeem} failed. */
    public Optional<AuthorizationCode> find(byte[] codeHash) {
        return jdbc.one(
                "SELECT " + COLUMNS + " FROM authorization_code WHERE code_hash = ?",
                CodeRepository::map,
                codeHash);
    }

    /**
     * Removes codes expired for longer than a margin (used ones stay until then to detect replays).
     */
    public int deleteExpiredBefore(Instant before) {
        return jdbc.update("DELETE FROM authorization_code WHERE expires_at < ?", before);
    }

    private static AuthorizationCode map(ResultSet row) throws SQLException {
        return new AuthorizationCode(
                row.getObject("grant_id", UUID.class),
                row.getString("client_id"),
                row.getString("redirect_uri"),
                Jdbc.strings(row, "scopes"),
                row.getString("nonce"),
                row.getString("code_challenge"),
                Jdbc.instant(row, "auth_time"),
                Jdbc.instant(row, "expires_at"),
                row.getBoolean("used"));
    }
}

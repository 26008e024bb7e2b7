package dev.grantwire.grant.persistence;

import jakarta.enterprise.context.ApplicationScoped;

/** Hashes of the initial access tokens that allow RFC 7591 registration. */
@ApplicationScoped
public class InitialAccessTokenRepository {

    private final Jdbc jdbc;

    InitialAccessTokenRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void insertIfAbsent(byte[] hash, String source) {
        jdbc.update(
                "INSERT INTO initial_access_token (token_hash, source) VALUES (?, ?)"
                        + " ON CONFLICT (token_hash) DO NOTHING",
                hash,
                source);
    }

    /** Removes every token of a source except this one (the configured token changed). */
    public void deleteOthers(byte[] keep, String source) {
        jdbc.update(
                "DELETE FROM initial_access_token WHERE source = ? AND token_hash <> ?",
                source,
                keep);
    }

    public boolean exists(byte[] hash) {
        return jdbc.one("SELECT 1 FROM initial_access_token WHERE token_hash = ?", row -> 1, hash)
                .isPresent();
    }
}

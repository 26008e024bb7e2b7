package dev.grantwire.grant.persistence;

import dev.grantwire.grant.domain.StoredKey;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** The {@code signing_key} table. */
@ApplicationScoped
public class SigningKeyRepository {

    private final Jdbc jdbc;

    SigningKeyRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Serializes key creation across replicas for the rest of the caller's transaction, so two
     * replicas starting at once on an empty database create one key, not two.
     */
    public void lockForKeyChanges() {
        jdbc.list("SELECT pg_advisory_xact_lock(hashtext('grantwire.signing-keys'))", r -> 1);
    }

    /** Keys still published (not retired), oldest first. */
    public List<StoredKey> published() {
        return jdbc.list(
                "SELECT kid, alg, private_key_enc, public_jwk, not_before, retire_after"
                        + " FROM signing_key"
                        + " WHERE retire_after IS NULL OR retire_after > clock_timestamp()"
                        + " ORDER BY not_before, created_at",
                row ->
                        new StoredKey(
                                row.getString("kid"),
                                row.getString("alg"),
                                row.getBytes("private_key_enc"),
                                row.getString("public_jwk"),
                                Jdbc.instant(row, "not_before"),
                                Jdbc.instant(row, "retire_after")));
    }

    /** Stores a new key. */
    public void insert(StoredKey key) {
        jdbc.update(
                "INSERT INTO signing_key (kid, alg, private_key_enc, public_jwk, not_before)"
                        + " VALUES (?, ?, ?, ?, ?)",
                key.kid(),
                key.alg(),
                key.privateKeyEncrypted(),
                key.publicJwk(),
                key.notBefore());
    }

    /**
     * Schedules the retirement of every key that signs before {@code until} and has no date yet.
     */
    public void retireSignersBefore(Instant until, Instant retireAfter) {
        jdbc.update(
                "UPDATE signing_key SET retire_after = ? WHERE retire_after IS NULL AND not_before < ?",
                retireAfter,
                until);
    }
}

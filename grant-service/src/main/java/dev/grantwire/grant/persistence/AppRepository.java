package dev.grantwire.grant.persistence;

import dev.grantwire.grant.domain.App;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code app} and {@code client_secret} tables. */
@ApplicationScoped
public class AppRepository {

    private static final String COLUMNS =
            "client_id, name, publisher, website, logo_uri, description, redirect_uris,"
                    + " grant_types, token_endpoint_auth_method, allowed_scopes, app_type,"
                    + " internal, dynamically_registered, status";

    private final Jdbc jdbc;

    AppRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<App> find(String clientId) {
        return jdbc.one(
                "SELECT " + COLUMNS + " FROM app WHERE client_id = ?",
                AppRepository::map,
                clientId);
    }

    public void insert(App app) {
        jdbc.update(
                "INSERT INTO app ("
                        + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                app.clientId(),
                app.name(),
                app.publisher(),
                app.website(),
                app.logoUri(),
                app.description(),
                app.redirectUris(),
                app.grantTypes(),
                app.tokenEndpointAuthMethod(),
                app.allowedScopes(),
                app.type(),
                app.internal(),
                app.dynamicallyRegistered(),
                app.status());
    }

    /** Keeps an internal client's definition in line with the configuration. */
    public void updateInternal(String clientId, List<String> scopes) {
        jdbc.update(
                "UPDATE app SET allowed_scopes = ?, updated_at = clock_timestamp()"
                        + " WHERE client_id = ? AND internal",
                scopes,
                clientId);
    }

    public void setStatus(String clientId, String status) {
        jdbc.update(
                "UPDATE app SET status = ?, updated_at = clock_timestamp() WHERE client_id = ?",
                status,
                clientId);
    }

    /** Hashes of the secrets that authenticate the app now (at most two during a rotation). */
    public List<byte[]> activeSecretHashes(String clientId) {
        return jdbc.list(
                "SELECT secret_hash FROM client_secret WHERE client_id = ?"
                        + " AND (retire_after IS NULL OR retire_after > clock_timestamp())",
                row -> row.getBytes(1),
                clientId);
    }

    public void addSecret(String clientId, byte[] hash) {
        jdbc.update(
                "INSERT INTO client_secret (id, client_id, secret_hash) VALUES (?, ?, ?)",
                UUID.randomUUID(),
                clientId,
                hash);
    }

    /** Removes every secret of the app except the one with this hash. */
    public void deleteSecretsExcept(String clientId, byte[] keep) {
        jdbc.update(
                "DELETE FROM client_secret WHERE client_id = ? AND secret_hash <> ?",
                clientId,
                keep);
    }

    /** Retires the app's current secrets at a given time (rotation). */
    public void retireSecrets(String clientId, Instant retireAfter) {
        jdbc.update(
                "UPDATE client_secret SET retire_after = ? WHERE client_id = ? AND retire_after IS NULL",
                retireAfter,
                clientId);
    }

    private static App map(ResultSet row) throws SQLException {
        return new App(
                row.getString("client_id"),
                row.getString("name"),
                row.getString("publisher"),
                row.getString("website"),
                row.getString("logo_uri"),
                row.getString("description"),
                Jdbc.strings(row, "redirect_uris"),
                Jdbc.strings(row, "grant_types"),
                row.getString("token_endpoint_auth_method"),
                Jdbc.strings(row, "allowed_scopes"),
                row.getString("app_type"),
                row.getBoolean("internal"),
                row.getBoolean("dynamically_registered"),
                row.getString("status"));
    }

    /** Every app, internal clients included, by name. */
    public List<App> all() {
        return jdbc.list("SELECT " + COLUMNS + " FROM app ORDER BY name", AppRepository::map);
    }

    /** Locks the app row until the end of the transaction (secret changes, status changes). */
    public Optional<App> lock(String clientId) {
        return jdbc.one(
                "SELECT " + COLUMNS + " FROM app WHERE client_id = ? FOR UPDATE",
                AppRepository::map,
                clientId);
    }

    public void delete(String clientId) {
        jdbc.update("DELETE FROM app WHERE client_id = ?", clientId);
    }

    public void deleteSecrets(String clientId) {
        jdbc.update("DELETE FROM client_secret WHERE client_id = ?", clientId);
    }

    /**
     * Whether a browser origin is the origin of a redirect URI of an enabled public client: the
     * origins a single-page app may call the token endpoint from.
     */
    public boolean isPublicClientOrigin(String origin) {
        return jdbc.one(
                        "SELECT 1 FROM app WHERE token_endpoint_auth_method = 'none'"
                                + " AND status = 'enabled' AND EXISTS (SELECT 1 FROM"
                                + " unnest(redirect_uris) u WHERE"
                                + " substring(u from '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]+') = ?)"
                                + " LIMIT 1",
                        row -> 1,
                        origin)
                .isPresent();
    }

    /** Changes what the approval page shows and where codes may be sent. */
    public void updateDetails(App app) {
        jdbc.update(
                "UPDATE app SET name = ?, publisher = ?, website = ?, logo_uri = ?,"
                        + " description = ?, redirect_uris = ?, updated_at = clock_timestamp()"
                        + " WHERE client_id = ?",
                app.name(),
                app.publisher(),
                app.website(),
                app.logoUri(),
                app.description(),
                app.redirectUris(),
                app.clientId());
    }
}

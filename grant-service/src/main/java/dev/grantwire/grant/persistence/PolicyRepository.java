package dev.grantwire.grant.persistence;

import dev.grantwire.grant.domain.OrgPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/** The single-row {@code org_policy} table. */
@ApplicationScoped
public class PolicyRepository {

    private final Jdbc jdbc;

    PolicyRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<OrgPolicy> find() {
        return jdbc.one(
                "SELECT third_party_access, legacy_apps_allowed, access_token_lifetime_seconds,"
                        + " refresh_token_lifetime_seconds, legacy_refresh_lifetime_seconds"
                        + " FROM org_policy WHERE id = 1",
                row ->
                        new OrgPolicy(
                                row.getBoolean(1),
                                row.getBoolean(2),
                                Duration.ofSeconds(row.getInt(3)),
                                Duration.ofSeconds(row.getInt(4)),
                                Duration.ofSeconds(row.getInt(5))));
    }

    /** Stores the initial policy unless one exists; true when it was stored. */
    public boolean insertIfAbsent(OrgPolicy policy, String actor) {
        return jdbc.update(
                        "INSERT INTO org_policy (id, third_party_access, legacy_apps_allowed,"
                                + " access_token_lifetime_seconds, refresh_token_lifetime_seconds,"
                                + " legacy_refresh_lifetime_seconds, updated_by)"
                                + " VALUES (1, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                        policy.thirdPartyAccess(),
                        policy.legacyAppsAllowed(),
                        (int) policy.accessTokenLifetime().toSeconds(),
                        (int) policy.refreshTokenLifetime().toSeconds(),
                        (int) policy.legacyRefreshLifetime().toSeconds(),
                        actor)
                == 1;
    }

    /** Replaces the policy. */
    public void update(OrgPolicy policy, String actor) {
        jdbc.update(
                "UPDATE org_policy SET third_party_access = ?, legacy_apps_allowed = ?,"
                        + " access_token_lifetime_seconds = ?, refresh_token_lifetime_seconds = ?,"
                        + " legacy_refresh_lifetime_seconds = ?, updated_by = ?,"
                        + " updated_at = clock_timestamp() WHERE id = 1",
                policy.thirdPartyAccess(),
                policy.legacyAppsAllowed(),
                (int) policy.accessTokenLifetime().toSeconds(),
                (int) policy.refreshTokenLifetime().toSeconds(),
                (int) policy.legacyRefreshLifetime().toSeconds(),
                actor);
    }

    /** Locks the policy row for a change. */
    public void lock() {
        jdbc.list("SELECT 1 FROM org_policy WHERE id = 1 FOR UPDATE", row -> 1);
    }
}

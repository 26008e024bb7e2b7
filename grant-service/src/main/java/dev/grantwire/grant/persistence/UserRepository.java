package dev.grantwire.grant.persistence;

import dev.grantwire.grant.domain.User;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code app_user} table. */
@ApplicationScoped
public class UserRepository {

    private final Jdbc jdbc;

    UserRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a sign-in: creates the user on first sight, refreshes the profile after. */
    public UUID upsert(
            String issuer, String subject, String name, String email, List<String> roles) {
        return jdbc.one(
                        """
                        INSERT INTO app_user (user_id, issuer, subject, display_name, email, roles)
                        VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (issuer, subject) DO UPDATE SET
                            display_name = EXCLUDED.display_name,
                            email = EXCLUDED.email,
                            roles = EXCLUDED.roles,
                            last_sign_in_at = clock_timestamp()
                        RETURNING user_id
                        """,
                        row -> row.getObject(1, UUID.class),
                        UUID.randomUUID(),
                        issuer,
                        subject,
                        name,
                        email,
                        roles)
                .orElseThrow();
    }

    public Optional<User> find(UUID userId) {
        return jdbc.one(
                "SELECT user_id, issuer, subject, display_name, email, roles FROM app_user"
                        + " WHERE user_id = ?",
                row ->
                        new User(
                                row.getObject("user_id", UUID.class),
                                row.getString("issuer"),
                                row.getString("subject"),
                                row.getString("display_name"),
                                row.getString("email"),
                                Jdbc.strings(row, "roles")),
                userId);
    }
}

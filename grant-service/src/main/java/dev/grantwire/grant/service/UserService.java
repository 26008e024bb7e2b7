package dev.grantwire.grant.service;

import dev.grantwire.grant.config.BootstrapConfig;
import dev.grantwire.grant.domain.User;
import dev.grantwire.grant.persistence.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;

/**
 * Users as the upstream identity provider asserts them at each sign-in, and the admin decision: an
 * admin holds the configured admin role at the last sign-in, or is the first admin named in
 * configuration (by upstream issuer and subject, or else by email).
 */
@ApplicationScoped
public class UserService {

    private final UserRepository users;
    private final BootstrapConfig.Admin admin;

    UserService(UserRepository users, BootstrapConfig bootstrap) {
        this.users = users;
        this.admin = bootstrap.admin();
    }

    /** Records a sign-in and returns the Grantwire user. */
    @Transactional
    public User signIn(
            String issuer, String subject, String name, String email, List<String> roles) {
        if (issuer == null || issuer.isBlank() || subject == null || subject.isBlank()) {
            throw ProblemException.badRequest("issuer and subject are required");
        }
        ProblemException.requireNoNullElements("roles", roles);
        UUID userId =
                users.upsert(
                        issuer,
                        subject,
                        name,
                        email,
                        roles == null ? List.of() : List.copyOf(roles));
        return users.find(userId).orElseThrow();
    }

    public java.util.Optional<User> findOptional(UUID userId) {
        return users.find(userId);
    }

    public User find(UUID userId) {
        return users.find(userId).orElseThrow(() -> ProblemException.notFound("unknown user"));
    }

    /** Whether the user is an admin, from what was recorded at the last sign-in. */
    public boolean isAdmin(User user) {
        if (user.roles().contains(admin.role())) {
            return true;
        }
        if (admin.issuer().isPresent() && admin.subject().isPresent()) {
            return admin.issuer().get().equals(user.issuer())
                    && admin.subject().get().equals(user.subject());
        }
        return admin.email().isPresent() && admin.email().get().equalsIgnoreCase(user.email());
    }
}

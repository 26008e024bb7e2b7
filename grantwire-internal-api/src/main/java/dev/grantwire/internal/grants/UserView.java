package dev.grantwire.internal.grants;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.UUID;

/**
 * A recorded user, with grant-service's admin decision.
 *
 * @param adminAssertion when {@code admin}, an admin assertion for revocation-service; else null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UserView(
        UUID userId,
        String issuer,
        String subject,
        String name,
        String email,
        boolean admin,
        String adminAssertion) {}

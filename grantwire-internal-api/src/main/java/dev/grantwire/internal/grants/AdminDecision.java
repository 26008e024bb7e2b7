package dev.grantwire.internal.grants;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.UUID;

/**
 * Whether grant-service holds a user to be an admin (from the roles of the last sign-in).
 *
 * @param assertion when {@code admin}, an admin assertion for revocation-service ({@link
 *     dev.grantwire.internal.revocations.RevocationAssertions}); null otherwise
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AdminDecision(UUID userId, boolean admin, String assertion) {}

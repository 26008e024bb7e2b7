package dev.grantwire.internal.grants;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.UUID;

/** Whose a grant is: its user, its app and its status. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GrantOwner(UUID grantId, UUID userId, String clientId, String status) {}

package dev.grantwire.internal.grants;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.UUID;

/** The one-time authorization code issued for a consent, and the grant it belongs to. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IssuedCode(String code, UUID grantId, long expiresIn) {}

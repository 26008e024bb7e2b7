package dev.grantwire.internal.grants;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The key id of the signing key that a rotation published. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SigningKeyRotated(String kid) {}

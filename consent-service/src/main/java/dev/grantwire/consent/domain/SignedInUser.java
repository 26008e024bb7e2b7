package dev.grantwire.consent.domain;

import java.util.UUID;

/**
 * The user signed in at consent-service: the Grantwire user id grant-service gave at sign-in, and
 * how the upstream provider names them.
 *
 * @param email may be null
 */
public record SignedInUser(UUID userId, String name, String email) {}

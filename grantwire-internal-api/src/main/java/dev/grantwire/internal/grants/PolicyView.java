package dev.grantwire.internal.grants;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The organization policy as admins read and write it, durations in seconds. Every field is
 * required in a change; boxed so that a missing one is told apart from {@code false} or 0.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PolicyView(
        Boolean thirdPartyAccess,
        Boolean legacyAppsAllowed,
        Long accessTokenLifetimeSeconds,
        Long refreshTokenLifetimeSeconds,
        Long legacyRefreshLifetimeSeconds) {}

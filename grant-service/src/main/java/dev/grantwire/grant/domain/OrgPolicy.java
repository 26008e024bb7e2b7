package dev.grantwire.grant.domain;

import java.time.Duration;

/** The organization's policy (a single row). */
public record OrgPolicy(
        boolean thirdPartyAccess,
        boolean legacyAppsAllowed,
        Duration accessTokenLifetime,
        Duration refreshTokenLifetime,
        Duration legacyRefreshLifetime) {}

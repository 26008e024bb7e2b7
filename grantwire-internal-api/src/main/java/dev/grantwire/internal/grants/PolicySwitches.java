package dev.grantwire.internal.grants;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Whether apps may be authorized at all, and whether legacy (long-lived) apps may. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PolicySwitches(boolean thirdPartyAccess, boolean legacyAppsAllowed) {}

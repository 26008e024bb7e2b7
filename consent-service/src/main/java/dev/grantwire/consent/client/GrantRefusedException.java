package dev.grantwire.consent.client;

/**
 * grant-service refused to record a consent (400 problem+json), e.g. because the org policy
 * switched third-party access off after the page was shown. {@link #detail()} is its plain-words
 * reason.
 */
public class GrantRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** grant-service's reason when the org policy switched third-party access off. */
    static final String THIRD_PARTY_OFF = "third-party access is switched off";

    /** grant-service's reason when the org policy switched legacy apps off. */
    static final String LEGACY_OFF = "legacy apps are switched off by the org policy";

    private final String detail;

    public GrantRefusedException(String detail) {
        super("grant-service refused the consent: " + detail);
        this.detail = detail == null ? "" : detail;
    }

    public String detail() {
        return detail;
    }

    /** Whether the refusal comes from the organization's policy rather than from the request. */
    public boolean byOrgPolicy() {
        return detail.contains(THIRD_PARTY_OFF) || detail.contains(LEGACY_OFF);
    }
}

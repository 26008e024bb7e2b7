package dev.grantwire.consent.domain;

/** The actions a confirmation step may carry out, and how the confirmation page names them. */
public enum ConfirmedAction {
    /** A user revokes one of their own grants (subject: the grant id). */
    REVOKE_OWN_GRANT("Revoke access", "Revoke"),
    /** An admin revokes one grant (subject: the grant id). */
    REVOKE_GRANT("Revoke this authorization", "Revoke"),
    /** An admin ends every token of an app issued until now (subject: the client id). */
    REVOKE_APP_TOKENS("End every token of this app", "End the tokens"),
    /** An admin revokes every grant of an app (subject: the client id). */
    REVOKE_APP_GRANTS("Revoke every authorization of this app", "Revoke them all"),
    /** An admin revokes every grant of a user (subject: the user id). */
    REVOKE_USER("Revoke everything this user authorized", "Revoke them all"),
    /** An admin disables an app (subject: the client id). */
    DISABLE_APP("Disable this app", "Disable"),
    /** An admin enables an app again (subject: the client id). */
    ENABLE_APP("Enable this app", "Enable"),
    /** An admin replaces every secret of an app (subject: the client id). */
    REGENERATE_SECRET("Regenerate this app's secret", "Regenerate"),
    /**
     * An admin changes the policy switches (subject: {@code thirdPartyAccess,legacyAppsAllowed}).
     */
    CHANGE_POLICY("Change the organization's policy", "Change the policy"),
    /** An admin's app registration form (subject: {@code new}). */
    REGISTER_APP("Register an app", "Register");

    private final String title;
    private final String button;

    ConfirmedAction(String title, String button) {
        this.title = title;
        this.button = button;
    }

    public String title() {
        return title;
    }

    public String button() {
        return button;
    }
}

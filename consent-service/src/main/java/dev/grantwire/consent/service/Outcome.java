package dev.grantwire.consent.service;

import java.net.URI;

/**
 * What the authorize endpoint does next. Exactly one of {@link #page()}, {@link #redirect()} and
 * {@link #message()} matters, depending on {@link #kind()}.
 */
public record Outcome(Kind kind, ApprovalPage page, URI redirect, int status, String message) {

    /** The kinds of answer. */
    public enum Kind {
        /** Show the approval page. */
        APPROVAL,
        /** Send the browser to {@link #redirect()} (the app, or a step of the flow). */
        REDIRECT,
        /** Drop the session and send the browser to {@link #redirect()} to sign in afresh. */
        SIGN_IN_AGAIN,
        /** Nobody is signed in: send the browser to sign in, then back to this same request. */
        SIGN_IN,
        /**
         * Show {@link #message()} with {@link #status()}; never redirect to the app, but when
         * {@link #redirect()} is set, offer it as a link back to the app.
         */
        ERROR_PAGE,
        /** The organization switched third-party access off. */
        POLICY_OFF
    }

    static Outcome approval(ApprovalPage page) {
        return new Outcome(Kind.APPROVAL, page, null, 200, null);
    }

    static Outcome redirect(URI to) {
        return new Outcome(Kind.REDIRECT, null, to, 303, null);
    }

    static Outcome signInAgain(URI to) {
        return new Outcome(Kind.SIGN_IN_AGAIN, null, to, 303, null);
    }

    static Outcome signIn() {
        return new Outcome(Kind.SIGN_IN, null, null, 401, null);
    }

    static Outcome error(int status, String message) {
        return new Outcome(Kind.ERROR_PAGE, null, null, status, message);
    }

    static Outcome errorWithReturn(int status, String message, URI backToApp) {
        return new Outcome(Kind.ERROR_PAGE, null, backToApp, status, message);
    }

    static Outcome policyOff(String message) {
        return new Outcome(Kind.POLICY_OFF, null, null, 403, message);
    }
}

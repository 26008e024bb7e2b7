package dev.grantwire.demo.service;

/** The app's authorization is gone: its tokens are refused and refreshing them failed. */
public final class RevokedException extends RuntimeException {

    public RevokedException() {
        super("the authorization was revoked");
    }
}

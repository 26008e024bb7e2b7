package dev.grantwire.revocation.service;

/** A command id already recorded for a different revocation. */
public class CommandConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CommandConflictException(String message) {
        super(message);
    }
}

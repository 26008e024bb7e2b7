package dev.grantwire.testsupport;

/**
 * A port Grantwire needs is already in use on 127.0.0.1. The message names the setting that chooses
 * another port, because the usual cause is a second local stack or some other program on a default
 * port.
 */
public final class PortTakenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int port;

    PortTakenException(int port, String settingName, Throwable cause) {
        super(
                "Port "
                        + port
                        + " is already in use on 127.0.0.1; choose another with "
                        + settingName,
                cause);
        this.port = port;
    }

    /** The port that was taken. */
    public int port() {
        return port;
    }
}

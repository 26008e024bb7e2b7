package dev.grantwire.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Ports on the loopback interface, the only interface Grantwire's real parts ever bind to.
 *
 * <p>{@link #freePort()} asks the kernel for an ephemeral port and releases it at once, so another
 * process can take it before the caller binds: callers bind soon after, and parts that must keep a
 * port across restarts (see {@code KafkaProcess}) pick it once and reuse it. Thread-safe: no state.
 */
public final class Ports {

    /** Every server started by test-support listens here and nowhere else. */
    public static final String LOOPBACK = "127.0.0.1";

    private Ports() {}

    /**
     * Returns a TCP port that was free on 127.0.0.1 a moment ago.
     *
     * @throws java.io.UncheckedIOException if the kernel gives no port
     */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            // Without reuse, a port just closed by a previous test can stay in TIME_WAIT and refuse
            // a
            // later bind by the server we hand it to.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(loopback(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("No free port on " + LOOPBACK, e);
        }
    }

    /**
     * Fails fast with a message that names the setting to change when {@code port} is taken on
     * 127.0.0.1, so a user of the local stack sees the fix instead of a bind stack trace.
     *
     * @param port the port about to be used
     * @param settingName the option, property or environment variable that chooses this port
     * @throws PortTakenException if something already listens on {@code port}
     */
    public static void requireFree(int port, String settingName) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(loopback(), port));
        } catch (IOException e) {
            throw new PortTakenException(port, settingName, e);
        }
    }

    /** Whether something accepts TCP connections on 127.0.0.1:{@code port}. */
    public static boolean isListening(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new InetSocketAddress(loopback(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static InetAddress loopback() {
        try {
            return InetAddress.getByName(LOOPBACK);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("A literal address always resolves", e);
        }
    }
}

package dev.grantwire.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports on the loopback interface, the only interface Grantwire's real parts ever bind to.
 *
 * <p>{@link #freePort()} picks a port below the kernel's ephemeral range and releases it at once;
 * callers bind soon after, and parts that must keep a port across restarts (see {@code
 * KafkaProcess}) pick it once and reuse it. Below the ephemeral range, because the kernel hands
 * ephemeral ports to every outgoing connection (JDBC, Kafka clients, HTTP): a port it gave us from
 * that range could become some connection's local port before our server binds it, which a CI run
 * saw as "Port … seems to be in use" at a service's start. Thread-safe.
 */
public final class Ports {

    /** Every server started by test-support listens here and nowhere else. */
    public static final String LOOPBACK = "127.0.0.1";

    private Ports() {}

    /** Where {@link #freePort()} starts looking: clear of the well-known and registered ports. */
    private static final int LOWEST = 10_000;

    /** Ports this JVM handed out, so that two callers never get the same one. */
    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    /**
     * Returns a TCP port that was free on 127.0.0.1 a moment ago, below the ephemeral range when
     * the kernel says where that is (Linux), and never one this JVM returned before.
     *
     * @throws java.io.UncheckedIOException if no port is free
     */
    public static int freePort() {
        int below = ephemeralStart();
        for (int attempt = 0; below - LOWEST >= 1_000 && attempt < 200; attempt++) {
            int port = LOWEST + ThreadLocalRandom.current().nextInt(below - LOWEST);
            if (bindable(port) && GIVEN.add(port)) {
                return port;
            }
        }
        // No range known (or none left below it): let the kernel choose.
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(loopback(), 0));
                if (GIVEN.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("No free port on " + LOOPBACK, e);
            }
        }
        throw new java.io.UncheckedIOException(
                new IOException("No port on " + LOOPBACK + " that was not handed out already"));
    }

    /** The first port of the kernel's ephemeral range, or 0 when it cannot be read. */
    static int ephemeralStart() {
        try {
            String range = Files.readString(EPHEMERAL_RANGE).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // Without reuse, a port just closed by a previous test can stay in TIME_WAIT and
            // refuse a later bind by the server we hand it to.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(loopback(), port));
            return true;
        } catch (IOException e) {
            return false;
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

package dev.grantwire.testsupport;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void freePortWhenCalledThenPortCanBeBoundOnLoopback() throws Exception {
        int port = Ports.freePort();

        assertTrue(port > 0);
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertEquals(port, socket.getLocalPort());
        }
    }

    @Test
    void freePortWhenCalledManyTimesThenDistinctAndBelowTheEphemeralRange() throws Exception {
        int ephemeral = Ports.ephemeralStart();
        java.util.Set<Integer> ports = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = Ports.freePort();
            assertTrue(ports.add(port), "handed out twice: " + port);
            if (ephemeral > 11_000) {
                // Outgoing connections take their local ports from the ephemeral range only.
                assertTrue(port >= 10_000 && port < ephemeral, port + " not below " + ephemeral);
            }
        }
    }

    @Test
    void requireFreeWhenPortTakenThenMessageNamesSetting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();

            PortTakenException e =
                    assertThrows(
                            PortTakenException.class,
                            () -> Ports.requireFree(port, "--consent-port"));

            assertEquals(
                    "Port "
                            + port
                            + " is already in use on 127.0.0.1; choose another with --consent-port",
                    e.getMessage());
            assertEquals(port, e.port());
        }
    }

    @Test
    void requireFreeWhenPortFreeThenNoException() {
        int port = Ports.freePort();

        assertDoesNotThrow(() -> Ports.requireFree(port, "x"));
    }
}

package dev.grantwire.testsupport.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultProxyTest {

    private ServerSocket echo;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread server =
                new Thread(
                        () -> {
                            while (!echo.isClosed()) {
                                try {
                                    Socket s = echo.accept();
                                    Thread t = new Thread(() -> echoAll(s));
                                    t.setDaemon(true);
                                    t.start();
                                } catch (IOException e) {
                                    return;
                                }
                            }
                        });
        server.setDaemon(true);
        server.start();
        proxy = FaultProxy.start("test", 0, echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void passWhenNoFaultThenBytesCrossBothWays() throws IOException {
        try (Socket client = connect()) {
            assertThat(roundTrip(client, "hello")).isEqualTo("hello");
        }
        assertThat(proxy.connections()).isEqualTo(1);
    }

    @Test
    void delayWhenSetThenEachWayTakesThatLongAndOrderIsKept() throws IOException {
        try (Socket client = connect()) {
            proxy.delay(Duration.ofMillis(150));
            long start = System.nanoTime();
            assertThat(roundTrip(client, "one")).isEqualTo("one");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).isGreaterThanOrEqualTo(300);

            proxy.delay(Duration.ZERO);
            assertThat(roundTrip(client, "two")).isEqualTo("two");
        }
    }

    @Test
    void partitionWhenSetThenNothingCrossesAndHealDeliversWhatWasHeld() throws IOException {
        try (Socket client = connect()) {
            assertThat(roundTrip(client, "before")).isEqualTo("before");
            proxy.partition();
            client.getOutputStream().write("held".getBytes(StandardCharsets.US_ASCII));
            client.setSoTimeout(500);
            byte[] buffer = new byte[16];
            boolean timedOut = false;
            try {
                client.getInputStream().read(buffer);
            } catch (SocketTimeoutException expected) {
                timedOut = true;
            }
            assertThat(timedOut).as("nothing answered during the partition").isTrue();
            // A connection opened during the partition is accepted but silent too.
            try (Socket late = connect()) {
                late.getOutputStream().write('x');
                late.setSoTimeout(300);
                boolean lateTimedOut = false;
                try {
                    late.getInputStream().read();
                } catch (SocketTimeoutException expected) {
                    lateTimedOut = true;
                }
                assertThat(lateTimedOut).isTrue();
            }

            proxy.heal();
            client.setSoTimeout(5_000);
            assertThat(read(client.getInputStream(), 4)).isEqualTo("held");
        }
    }

    @Test
    void resetWhenConnectionsOpenThenTheyAreClosedAndNewOnesWork() throws IOException {
        try (Socket client = connect()) {
            assertThat(roundTrip(client, "a")).isEqualTo("a");
            proxy.reset();
            client.setSoTimeout(2_000);
            int read;
            try {
                read = client.getInputStream().read();
            } catch (IOException closed) {
                read = -1;
            }
            assertThat(read).isEqualTo(-1);
        }
        try (Socket again = connect()) {
            assertThat(roundTrip(again, "b")).isEqualTo("b");
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", proxy.port());
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static String roundTrip(Socket client, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        client.getOutputStream().write(bytes);
        return read(client.getInputStream(), bytes.length);
    }

    private static String read(InputStream in, int length) throws IOException {
        byte[] buffer = new byte[length];
        int at = 0;
        while (at < length) {
            int n = in.read(buffer, at, length - at);
            if (n < 0) {
                break;
            }
            at += n;
        }
        return new String(buffer, 0, at, StandardCharsets.US_ASCII);
    }

    private static void echoAll(Socket socket) {
        try (socket;
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // Closed.
        }
    }
}

package dev.grantwire.testsupport.network;

import dev.grantwire.testsupport.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 that injects network faults between two parts of the system: a
 * partition, a delay on every chunk, and broken connections. It stands in for {@code tc netem} in a
 * network namespace, which this machine's kernel cannot do (no {@code sch_netem}).
 *
 * <ul>
 *   <li>{@link #partition()}: nothing crosses in either direction, on open connections and new ones
 *       (accepted, then silent), as when packets are dropped and TCP keeps retransmitting. Bytes
 *       already read are held, not lost: {@link #heal()} delivers them in order, as TCP would after
 *       the partition, and a client that gave up meanwhile has closed its connection.
 *   <li>{@link #delay(Duration)}: every chunk, each way, is delivered that long after it was read
 *       (a slow link; order kept, throughput not limited).
 *   <li>{@link #reset()}: every open connection is closed at once (a middlebox or a peer that went
 *       away); new ones are accepted as the current mode says.
 * </ul>
 *
 * A client reaches the target through {@link #port()}. Threads: one acceptor, and per connection a
 * reader and a writer each way. Thread-safety: the mode may be changed from any thread.
 */
public final class FaultProxy implements AutoCloseable {

    private final String name;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicLong connections = new AtomicLong();
    private final Object gate = new Object();
    private volatile boolean partitioned;
    private volatile long delayNanos;
    private volatile boolean closed;

    private FaultProxy(String name, int port, int targetPort) throws IOException {
        this.name = name;
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(Ports.LOOPBACK), port));
        Thread acceptor = new Thread(this::accept, name + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts a proxy to {@code 127.0.0.1:targetPort}, passing everything through.
     *
     * @param name for its threads and messages
     * @param port where it listens on 127.0.0.1; 0 picks a free one
     */
    public static FaultProxy start(String name, int port, int targetPort) {
        try {
            return new FaultProxy(name, port, targetPort);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the " + name + " proxy on " + port, e);
        }
    }

    /** The port clients connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    public long connections() {
        return connections.get();
    }

    /** Lets nothing cross until {@link #heal()}. */
    public void partition() {
        partitioned = true;
    }

    /** Ends a partition: what was held is delivered, in order. */
    public void heal() {
        synchronized (gate) {
            partitioned = false;
            gate.notifyAll();
        }
    }

    /** Delivers every chunk that long after it was read; {@link Duration#ZERO} for none. */
    public void delay(Duration delay) {
        delayNanos = delay.toNanos();
    }

    /** Closes every open connection at once. */
    public void reset() {
        links.forEach(Link::close);
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // Closing anyway.
        }
        heal();
        reset();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            connections.incrementAndGet();
            try {
                Socket target = new Socket();
                target.connect(
                        new InetSocketAddress(InetAddress.getByName(Ports.LOOPBACK), targetPort),
                        2_000);
                Link link = new Link(client, target);
                links.add(link);
                link.start();
            } catch (IOException refused) {
                // The target is down: the client sees its connection closed, as it would.
                quietly(client);
            }
        }
    }

    /** Blocks while partitioned; false once the proxy is closed. */
    private boolean passable() throws InterruptedException {
        synchronized (gate) {
            while (partitioned && !closed) {
                gate.wait(100);
            }
        }
        return !closed;
    }

    private static void quietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already gone.
        }
    }

    /** One client connection and its connection to the target, pumped both ways. */
    private final class Link {
        private final Socket client;
        private final Socket target;

        Link(Socket client, Socket target) {
            this.client = client;
            this.target = target;
        }

        void start() throws IOException {
            pump("up", client.getInputStream(), target.getOutputStream());
            pump("down", target.getInputStream(), client.getOutputStream());
        }

        /** A reader that stamps each chunk and a writer that delivers it when it is due. */
        private void pump(String way, InputStream in, OutputStream out) {
            LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
            Thread reader =
                    new Thread(
                            () -> {
                                byte[] buffer = new byte[16 * 1024];
                                try {
                                    int n;
                                    while ((n = in.read(buffer)) >= 0) {
                                        queue.put(
                                                new Chunk(
                                                        Arrays.copyOf(buffer, n),
                                                        System.nanoTime() + delayNanos));
                                    }
                                } catch (IOException | InterruptedException e) {
                                    // Closed: the writer ends on the marker below.
                                }
                                queue.add(Chunk.END);
                            },
                            name + "-" + way + "-read");
            Thread writer =
                    new Thread(
                            () -> {
                                try {
                                    while (true) {
                                        Chunk chunk = queue.take();
                                        if (chunk == Chunk.END || !passable()) {
                                            break;
                                        }
                                        long wait = chunk.due() - System.nanoTime();
                                        if (wait > 0) {
                                            Thread.sleep(
                                                    wait / 1_000_000, (int) (wait % 1_000_000));
                                        }
                                        if (!passable()) {
                                            break;
                                        }
                                        out.write(chunk.bytes());
                                        out.flush();
                                    }
                                } catch (SocketException | InterruptedException e) {
                                    // Closed.
                                } catch (IOException e) {
                                    // The peer went away.
                                }
                                close();
                            },
                            name + "-" + way + "-write");
            reader.setDaemon(true);
            writer.setDaemon(true);
            reader.start();
            writer.start();
        }

        void close() {
            links.remove(this);
            quietly(client);
            quietly(target);
        }
    }

    private record Chunk(byte[] bytes, long due) {
        static final Chunk END = new Chunk(new byte[0], 0);
    }
}

package dev.grantwire.testsupport.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP exchange over a fresh socket, byte for byte as the request was built: no client library
 * in between to fix a missing Host, a bad percent-encoding, a raw control byte or an oversized
 * header. Reads the answer with a deadline, so a server that never answers shows as a hang, not a
 * stuck test.
 */
public final class RawHttp {

    private static final int MAX_ANSWER = 4 * 1024 * 1024;

    private RawHttp() {}

    /** An answer, or what stood in for one. */
    public record Answer(
            int status,
            List<Map.Entry<String, String>> headers,
            byte[] body,
            Duration elapsed,
            boolean timedOut,
            String ioError) {

        /** Whether a status line came back at all. */
        public boolean answered() {
            return status > 0;
        }

        /** The first value of a header, by case-insensitive name; null when absent. */
        public String header(String name) {
            for (Map.Entry<String, String> header : headers) {
                if (header.getKey().equalsIgnoreCase(name)) {
                    return header.getValue();
                }
            }
            return null;
        }

        /** The body as UTF-8 text (invalid bytes replaced). */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The media type of the body, lower case, without parameters; "" when absent. */
        public String mediaType() {
            String type = header("Content-Type");
            if (type == null) {
                return "";
            }
            int semicolon = type.indexOf(';');
            return (semicolon < 0 ? type : type.substring(0, semicolon))
                    .trim()
                    .toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Sends {@code request} to 127.0.0.1:{@code port} and reads one answer within {@code deadline}.
     */
    public static Answer exchange(int port, byte[] request, boolean head, Duration deadline) {
        long start = System.nanoTime();
        long end = start + deadline.toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout((int) Math.max(1, deadline.toMillis()));
            String writeError = write(socket, request);
            Answer answer = read(socket.getInputStream(), head, start, end);
            if (!answer.answered() && writeError != null) {
                return new Answer(
                        0, List.of(), new byte[0], since(start), false, "write: " + writeError);
            }
            return answer;
        } catch (IOException e) {
            return new Answer(0, List.of(), new byte[0], since(start), false, e.toString());
        }
    }

    /**
     * Writes the request; a server may answer and close before a large body is all sent (413), so a
     * failed write is reported only when no answer follows.
     */
    private static String write(Socket socket, byte[] request) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            // No half-close: a server may take a closed input for a closed connection.
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private static Answer read(InputStream in, boolean head, long start, long end)
            throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        int headerEnd = -1;
        try {
            while (headerEnd < 0) {
                if (System.nanoTime() > end) {
                    return timedOut(start);
                }
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                raw.write(buffer, 0, n);
                headerEnd =
                        indexOf(raw.toByteArray(), "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                if (raw.size() > MAX_ANSWER) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            return timedOut(start);
        } catch (IOException e) {
            if (raw.size() == 0) {
                return new Answer(0, List.of(), new byte[0], since(start), false, e.toString());
            }
        }
        byte[] bytes = raw.toByteArray();
        if (headerEnd < 0) {
            return new Answer(
                    0,
                    List.of(),
                    bytes,
                    since(start),
                    false,
                    "no complete status line and headers");
        }
        String head0 = new String(bytes, 0, headerEnd, StandardCharsets.ISO_8859_1);
        String[] lines = head0.split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status;
        try {
            status = Integer.parseInt(statusLine[1]);
        } catch (RuntimeException e) {
            return new Answer(0, List.of(), bytes, since(start), false, "bad status line");
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.add(
                        Map.entry(
                                lines[i].substring(0, colon).trim(),
                                lines[i].substring(colon + 1).trim()));
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(bytes, headerEnd + 4, bytes.length - headerEnd - 4);
        boolean noBody = head || status == 204 || status == 304 || status / 100 == 1;
        if (!noBody) {
            try {
                String length = first(headers, "Content-Length");
                boolean chunked = "chunked".equalsIgnoreCase(first(headers, "Transfer-Encoding"));
                long wanted = length == null ? -1 : Long.parseLong(length.trim());
                while (!(wanted >= 0 && body.size() >= wanted)
                        && !(chunked && chunkedComplete(body.toByteArray()))
                        && body.size() < MAX_ANSWER) {
                    if (System.nanoTime() > end) {
                        return timedOut(start);
                    }
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    body.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                return timedOut(start);
            } catch (IOException | NumberFormatException e) {
                // What arrived is the answer; a reset after it does not matter here.
            }
        }
        byte[] content = body.toByteArray();
        if ("chunked".equalsIgnoreCase(first(headers, "Transfer-Encoding"))) {
            byte[] dechunked = dechunk(content);
            content = dechunked == null ? content : dechunked;
        }
        return new Answer(status, headers, content, since(start), false, null);
    }

    private static String first(List<Map.Entry<String, String>> headers, String name) {
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    private static boolean chunkedComplete(byte[] body) {
        return dechunk(body) != null;
    }

    /** A chunked body's content; null while the last chunk has not arrived. */
    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = indexOf(body, at, "\r\n".getBytes(StandardCharsets.US_ASCII));
            if (lineEnd < 0) {
                return null;
            }
            String size = new String(body, at, lineEnd - at, StandardCharsets.US_ASCII);
            int semicolon = size.indexOf(';');
            int length;
            try {
                length =
                        Integer.parseInt(
                                (semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                // Not chunked after all: what came is the body.
                return body;
            }
            if (length == 0) {
                return out.toByteArray();
            }
            int from = lineEnd + 2;
            if (from + length + 2 > body.length) {
                return null;
            }
            out.write(body, from, length);
            at = from + length + 2;
        }
    }

    private static Answer timedOut(long start) {
        return new Answer(0, List.of(), new byte[0], since(start), true, null);
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        return indexOf(haystack, 0, needle);
    }

    private static int indexOf(byte[] haystack, int from, byte[] needle) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

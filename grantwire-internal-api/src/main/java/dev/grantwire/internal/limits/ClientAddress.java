package dev.grantwire.internal.limits;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The address a request came from, for per-address limits. {@code X-Forwarded-For} is believed only
 * when the connection comes from a configured proxy, and then read from the right: each trusted
 * proxy appends the address it saw, so the rightmost entry that is not a trusted proxy is the first
 * address nobody trusted could have written. Everything left of it may be forged by the client.
 * Without trusted proxies the header is ignored. Immutable and thread-safe.
 */
public final class ClientAddress {

    private final List<Network> trusted;

    /**
     * @param trustedProxies addresses ({@code 10.0.0.7}) or networks in CIDR notation ({@code
     *     10.0.0.0/8}, {@code fd00::/8}) of the proxies in front of the service
     * @throws IllegalArgumentException for an entry that is neither
     */
    public ClientAddress(List<String> trustedProxies) {
        List<Network> networks = new ArrayList<>();
        for (String entry : trustedProxies) {
            if (!entry.isBlank()) {
                networks.add(Network.parse(entry.trim()));
            }
        }
        this.trusted = List.copyOf(networks);
    }

    /**
     * The client's address.
     *
     * @param peer the address of the connection's other end
     * @param forwardedFor the {@code X-Forwarded-For} header, or null
     */
    public String of(String peer, String forwardedFor) {
        if (forwardedFor == null || !isTrusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (hop.isEmpty()) {
                continue;
            }
            if (!isTrusted(hop)) {
                return literal(hop) != null ? hop : peer;
            }
        }
        return peer;
    }

    private boolean isTrusted(String address) {
        byte[] bytes = literal(address);
        return bytes != null && trusted.stream().anyMatch(n -> n.contains(bytes));
    }

    /** The bytes of an IP literal, or null for anything else (never a DNS lookup). */
    static byte[] literal(String address) {
        if (address == null || address.isEmpty()) {
            return null;
        }
        String bare =
                address.startsWith("[") && address.endsWith("]")
                        ? address.substring(1, address.length() - 1)
                        : address;
        boolean ipv4 = bare.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        boolean ipv6 = bare.contains(":") && bare.matches("[0-9A-Fa-f:.]+");
        if (!ipv4 && !ipv6) {
            return null;
        }
        try {
            return InetAddress.getByName(bare).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private record Network(byte[] prefix, int bits) {

        static Network parse(String entry) {
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            byte[] bytes = literal(address);
            if (bytes == null) {
                throw new IllegalArgumentException("not an IP address or network: " + entry);
            }
            int bits;
            try {
                bits = slash < 0 ? bytes.length * 8 : Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IP address or network: " + entry);
            }
            if (bits < 0 || bits > bytes.length * 8) {
                throw new IllegalArgumentException("not an IP address or network: " + entry);
            }
            return new Network(bytes, bits);
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (prefix[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}

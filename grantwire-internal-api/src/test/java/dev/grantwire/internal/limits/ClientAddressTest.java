package dev.grantwire.internal.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    private final ClientAddress behindProxies =
            new ClientAddress(List.of("10.0.0.0/8", "192.0.2.10", "fd00::/8"));

    @Test
    void ofWhenPeerIsNoTrustedProxyThenForwardedForIgnored() {
        assertThat(behindProxies.of("198.51.100.7", "203.0.113.1")).isEqualTo("198.51.100.7");
        assertThat(new ClientAddress(List.of()).of("127.0.0.1", "203.0.113.1"))
                .isEqualTo("127.0.0.1");
    }

    @Test
    void ofWhenBehindTrustedProxiesThenRightmostUntrustedHop() {
        // The client forged the first entry; the proxies appended what they saw.
        assertThat(behindProxies.of("10.1.2.3", "1.2.3.4, 203.0.113.9, 192.0.2.10"))
                .isEqualTo("203.0.113.9");
        assertThat(behindProxies.of("192.0.2.10", "2001:db8::5")).isEqualTo("2001:db8::5");
        assertThat(behindProxies.of("fd12::1", "203.0.113.9,10.0.0.1")).isEqualTo("203.0.113.9");
    }

    @Test
    void ofWhenHeaderEmptyAllTrustedOrGarbageThenThePeer() {
        assertThat(behindProxies.of("10.1.2.3", "")).isEqualTo("10.1.2.3");
        assertThat(behindProxies.of("10.1.2.3", "10.9.9.9, 192.0.2.10")).isEqualTo("10.1.2.3");
        assertThat(behindProxies.of("10.1.2.3", "1.2.3.4, evil.example.com")).isEqualTo("10.1.2.3");
    }

    @Test
    void constructWhenEntryIsNoAddressOrNetworkThenRefused() {
        for (String bad : List.of("proxy.example", "10.0.0.0/33", "10.0.0.0/x", "::1/129")) {
            assertThatThrownBy(() -> new ClientAddress(List.of(bad)))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad);
        }
    }
}

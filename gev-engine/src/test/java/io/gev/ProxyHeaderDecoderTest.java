package io.gev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gev.buffer.RingBuffer;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ProxyHeaderDecoderTest {

    static final byte[] SIGNATURE = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A };

    /** A v2 header: version and command byte, family and transport byte, then the body (addresses and TLVs). */
    static byte[] v2(int versionCommand, int familyTransport, byte[] body) {
        ByteBuffer header = ByteBuffer.allocate(16 + body.length);
        header.put(SIGNATURE).put((byte) versionCommand).put((byte) familyTransport).putShort((short) body.length)
                .put(body);
        return header.array();
    }

    static byte[] inet4Body(byte[] tlvs) {
        return ByteBuffer.allocate(12 + tlvs.length).put(new byte[] { (byte) 203, 0, 113, 7 })
                .put(new byte[] { 10, 0, 0, 1 }).putShort((short) 51234).putShort((short) 1833).put(tlvs).array();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static RingBuffer buffer(byte[]... parts) {
        RingBuffer in = new RingBuffer();
        for (byte[] part : parts) {
            in.write(part);
        }
        return in;
    }

    @Test
    void v1Tcp4AndTcp6GiveTheClientAndTheAddressItDialled() {
        RingBuffer in = buffer(ascii("PROXY TCP4 203.0.113.7 10.0.0.1 51234 1833\r\nhello"));
        ProxyHeaderDecoder.Header header = ProxyHeaderDecoder.decode(in, false);
        assertThat(header.source()).isEqualTo(new InetSocketAddress("203.0.113.7", 51234));
        assertThat(header.destination()).isEqualTo(new InetSocketAddress("10.0.0.1", 1833));
        assertThat(new String(in.bytes(), StandardCharsets.US_ASCII)).isEqualTo("hello");

        header = ProxyHeaderDecoder.decode(buffer(ascii("PROXY TCP6 2001:db8::7 ::1 65535 80\r\n")), false);
        assertThat(header.source()).isEqualTo(new InetSocketAddress("2001:db8::7", 65535));
        assertThat(header.destination().getPort()).isEqualTo(80);
    }

    @Test
    void v1UnknownAndV2LocalKeepTheSocketsAddresses() {
        assertThat(ProxyHeaderDecoder.decode(buffer(ascii("PROXY UNKNOWN\r\n")), false).hasAddresses()).isFalse();
        assertThat(ProxyHeaderDecoder.decode(buffer(ascii("PROXY UNKNOWN ffff::1 ::1 1 2\r\n")), false)
                .hasAddresses()).isFalse();
        // what HAProxy's health checks send: LOCAL, AF_UNSPEC, with TLVs
        byte[] local = v2(0x20, 0x00, new byte[] { 0x03, 0x00, 0x04, 1, 2, 3, 4 });
        RingBuffer in = buffer(local, ascii("x"));
        assertThat(ProxyHeaderDecoder.decode(in, false).hasAddresses()).isFalse();
        assertThat(in.length()).isEqualTo(1);
    }

    @Test
    void v2Inet4WithTlvsInet6AndUnix() {
        byte[] tlvs = { 0x01, 0x00, 0x02, 'h', '2', 0x05, 0x00, 0x00 };
        ProxyHeaderDecoder.Header header = ProxyHeaderDecoder.decode(buffer(v2(0x21, 0x11, inet4Body(tlvs))), false);
        assertThat(header.source()).isEqualTo(new InetSocketAddress("203.0.113.7", 51234));
        assertThat(header.destination()).isEqualTo(new InetSocketAddress("10.0.0.1", 1833));

        ByteBuffer six = ByteBuffer.allocate(36);
        six.put(new byte[15]).put((byte) 1).put(new byte[15]).put((byte) 2).putShort((short) 4000).putShort((short) 80);
        header = ProxyHeaderDecoder.decode(buffer(v2(0x21, 0x21, six.array())), false);
        assertThat(header.source()).isEqualTo(new InetSocketAddress("::1", 4000));

        assertThat(ProxyHeaderDecoder.decode(buffer(v2(0x21, 0x31, new byte[216])), false).hasAddresses()).isFalse();
    }

    @Test
    void aHeaderSplitAtEveryByteDecodesTheSame() {
        byte[] v1 = ascii("PROXY TCP4 203.0.113.7 10.0.0.1 51234 1833\r\n");
        byte[] v2 = v2(0x21, 0x11, inet4Body(new byte[] { 0x04, 0x00, 0x01, 9 }));
        for (byte[] header : new byte[][] { v1, v2 }) {
            for (int cut = 0; cut < header.length; cut++) {
                RingBuffer in = new RingBuffer();
                in.write(header, 0, cut);
                assertThat(ProxyHeaderDecoder.decode(in, false)).as("cut at %d", cut).isNull();
                assertThat(in.length()).isEqualTo(cut);
                in.write(header, cut, header.length - cut);
                assertThat(ProxyHeaderDecoder.decode(in, false).source())
                        .isEqualTo(new InetSocketAddress("203.0.113.7", 51234));
                assertThat(in.isEmpty()).isTrue();
            }
        }
    }

    @Test
    void withoutAHeaderAnOptionalOneIsAbsentAndARequiredOneFails() {
        RingBuffer in = buffer(ascii("GET / HTTP/1.1\r\n"));
        assertThat(ProxyHeaderDecoder.decode(in, true)).isSameAs(ProxyHeaderDecoder.ABSENT);
        assertThat(in.length()).isEqualTo(16);
        assertThatThrownBy(() -> ProxyHeaderDecoder.decode(buffer(ascii("GET /")), false))
                .isInstanceOf(MalformedProxyHeaderException.class).hasMessage("no PROXY protocol header");
        assertThat(ProxyHeaderDecoder.decode(buffer(ascii("PRO")), true)).as("maybe a header: wait").isNull();
        assertThat(ProxyHeaderDecoder.decode(buffer(new byte[] { 0x0D, 0x0A }), true)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "PROXY TCP4 203.0.113.7 10.0.0.1 51234\r\n", "PROXY TCP4 203.0.113.7 10.0.0.1 1 2 3\r\n",
            "PROXY TCP5 1.2.3.4 1.2.3.4 1 2\r\n", "PROXY TCP4 256.0.0.1 1.2.3.4 1 2\r\n",
            "PROXY TCP4 01.2.3.4 1.2.3.4 1 2\r\n", "PROXY TCP4 example.com 1.2.3.4 1 2\r\n",
            "PROXY TCP6 1.2.3.4 1.2.3.4 1 2\r\n", "PROXY TCP6 localhost ::1 1 2\r\n",
            "PROXY TCP4 1.2.3.4 1.2.3.4 65536 2\r\n", "PROXY TCP4 1.2.3.4 1.2.3.4 -1 2\r\n",
            "PROXY TCP4 1.2.3.4 1.2.3.4 01 2\r\n", "PROXY TCP4  1.2.3.4 1.2.3.4 1 2\r\n",
            "PROXY TCP4 1.2.3.4 1.2.3.4 1 2\n" })
    void malformedV1HeadersAreRefused(String header) {
        assertThatThrownBy(() -> ProxyHeaderDecoder.decode(buffer(ascii(header)), true))
                .isInstanceOf(MalformedProxyHeaderException.class);
    }

    @Test
    void aV1HeaderWithoutItsEndWithinTheLimitIsRefused() {
        byte[] endless = ascii("PROXY TCP4 " + "1".repeat(ProxyHeaderDecoder.V1_MAX_LENGTH));
        assertThatThrownBy(() -> ProxyHeaderDecoder.decode(buffer(endless), true))
                .isInstanceOf(MalformedProxyHeaderException.class).hasMessageContaining("longer than 107");
    }

    @Test
    void malformedV2HeadersAreRefused() {
        byte[] ok = inet4Body(new byte[0]);
        assertThatThrownBy(() -> ProxyHeaderDecoder.decode(buffer(v2(0x11, 0x11, ok)), true))
                .hasMessageContaining("version 1");
        assertThatThrownBy(() -> ProxyHeaderDecoder.decode(buffer(v2(0x22, 0x11, ok)), true))
                .hasMessageContaining("command 2");
        assertThatThrownBy(() -> ProxyHeaderDecoder.decode(buffer(v2(0x21, 0x41, ok)), true))
                .hasMessageContaining("address family 4");
        assertThatThrownBy(() -> ProxyHeaderDecoder.decode(buffer(v2(0x21, 0x13, ok)), true))
                .hasMessageContaining("transport 3");
        assertThatThrownBy(() -> ProxyHeaderDecoder.decode(buffer(v2(0x21, 0x21, ok)), true))
                .hasMessageContaining("too short");
        assertThatThrownBy(() -> ProxyHeaderDecoder.decode(buffer(v2(0x21, 0x11, inet4Body(new byte[] { 1, 0 }))),
                true)).hasMessageContaining("truncated TLV");
        assertThatThrownBy(() -> ProxyHeaderDecoder.decode(
                buffer(v2(0x21, 0x11, inet4Body(new byte[] { 1, 0x7F, (byte) 0xFF, 0 }))), true))
                .hasMessageContaining("overruns");
    }

    @Test
    void aV2HeaderDeclaringItsLongestLengthIsAwaitedWithoutAllocatingIt() {
        ByteArrayOutputStream start = new ByteArrayOutputStream();
        start.writeBytes(SIGNATURE);
        start.writeBytes(new byte[] { 0x21, 0x11, (byte) 0xFF, (byte) 0xFF, 1, 2, 3 });
        RingBuffer in = buffer(start.toByteArray());
        assertThat(ProxyHeaderDecoder.decode(in, false)).isNull();
        assertThat(in.capacity()).isLessThan(1024);
    }
}

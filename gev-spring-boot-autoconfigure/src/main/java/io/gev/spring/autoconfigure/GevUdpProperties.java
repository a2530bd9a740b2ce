package io.gev.spring.autoconfigure;

import org.springframework.util.unit.DataSize;

/** Settings of a UDP server ({@code gev.udp.*}, with {@code transport=udp}). */
public class GevUdpProperties {

    /**
     * Longest datagram accepted, up to 65535B; a longer one is dropped and counted as gev.datagrams.dropped.
     */
    private DataSize maxDatagramSize = DataSize.ofBytes(65507);

    public DataSize getMaxDatagramSize() {
        return maxDatagramSize;
    }

    public void setMaxDatagramSize(DataSize maxDatagramSize) {
        this.maxDatagramSize = maxDatagramSize;
    }
}

package io.gev.spring.autoconfigure;

import io.gev.OverflowPolicy;
import org.springframework.util.unit.DataSize;

/** Output queue limits per connection ({@code gev.outbound.*}). */
public class GevOutboundProperties {

    /**
     * Queued output above which a connection stops being read (and reports not writable) until it drains to the
     * low watermark.
     */
    private DataSize highWatermark = DataSize.ofKilobytes(64);

    /**
     * Queued output at which a paused connection is read again (and reports writable).
     */
    private DataSize lowWatermark = DataSize.ofKilobytes(32);

    /**
     * Most output one connection may have queued (what the socket would not take); 0 means no limit. Must be at
     * least the high watermark.
     */
    private DataSize maxBytes = DataSize.ofMegabytes(64);

    /**
     * What happens to a connection whose queued output passes max-bytes: close it at once (counted as
     * gev.errors{type=overflow}), or keep it with reading paused until it drains.
     */
    private OverflowPolicy onOverflow = OverflowPolicy.CLOSE;

    public DataSize getHighWatermark() {
        return highWatermark;
    }

    public void setHighWatermark(DataSize highWatermark) {
        this.highWatermark = highWatermark;
    }

    public DataSize getLowWatermark() {
        return lowWatermark;
    }

    public void setLowWatermark(DataSize lowWatermark) {
        this.lowWatermark = lowWatermark;
    }

    public DataSize getMaxBytes() {
        return maxBytes;
    }

    public void setMaxBytes(DataSize maxBytes) {
        this.maxBytes = maxBytes;
    }

    public OverflowPolicy getOnOverflow() {
        return onOverflow;
    }

    public void setOnOverflow(OverflowPolicy onOverflow) {
        this.onOverflow = onOverflow;
    }
}

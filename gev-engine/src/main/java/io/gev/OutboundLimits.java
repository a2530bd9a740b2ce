package io.gev;

/**
 * How much output one connection may queue (bytes the socket would not take yet): above the high watermark it stops
 * being read and is not writable until the queue drains to the low watermark; past {@code maxBytes} (0: no limit)
 * the overflow policy applies.
 *
 * @param lowWatermark   queued bytes at which a paused connection is read again
 * @param highWatermark  queued bytes above which it is paused
 * @param maxBytes       most bytes it may queue, 0 for no limit; at least the high watermark
 * @param overflowPolicy what happens past {@code maxBytes}
 */
record OutboundLimits(int lowWatermark, int highWatermark, int maxBytes, OverflowPolicy overflowPolicy) {

    /** The defaults: 32 KiB, 64 KiB, 64 MiB, then close. */
    static final OutboundLimits DEFAULT = new OutboundLimits(32 * 1024, 64 * 1024, 64 * 1024 * 1024,
            OverflowPolicy.CLOSE);

    /**
     * Checks the limits against each other (each setter checked its own value).
     *
     * @throws IllegalArgumentException naming the settings that contradict each other
     */
    OutboundLimits {
        if (highWatermark < lowWatermark) {
            throw new IllegalArgumentException("need 0 <= low <= high, got low=" + lowWatermark + " high="
                    + highWatermark);
        }
        if (maxBytes > 0 && maxBytes < highWatermark) {
            throw new IllegalArgumentException("maxOutboundBytes (" + maxBytes + ") must be at least the high"
                    + " watermark (" + highWatermark + ")");
        }
    }
}

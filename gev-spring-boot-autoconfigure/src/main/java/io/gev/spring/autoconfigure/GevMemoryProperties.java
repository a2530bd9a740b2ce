package io.gev.spring.autoconfigure;

import org.springframework.util.unit.DataSize;

/** The memory budget of a TCP server's connections ({@code gev.memory.*}). */
public class GevMemoryProperties {

    /**
     * Most bytes all connections of the server may hold in their buffers together (input not decoded yet, output not
     * written yet). Past it the server stops reading until they hold half of it, then closes the connections with
     * the most queued output; each time is counted as gev.errors{type=memory}. Unset takes a quarter of the maximum
     * heap; 0 means no budget.
     */
    private DataSize maxBuffered;

    public DataSize getMaxBuffered() {
        return maxBuffered;
    }

    public void setMaxBuffered(DataSize maxBuffered) {
        this.maxBuffered = maxBuffered;
    }
}

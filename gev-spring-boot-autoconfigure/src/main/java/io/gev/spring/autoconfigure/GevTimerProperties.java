package io.gev.spring.autoconfigure;

import java.time.Duration;

/** Timing wheel settings ({@code gev.timer.*}). */
public class GevTimerProperties {

    /**
     * Resolution of timers and idle timeouts.
     */
    private Duration tick = Duration.ofMillis(1);

    /**
     * Slots of each event loop's timing wheel; one turn of the wheel lasts tick x wheel-size.
     */
    private int wheelSize = 1024;

    public Duration getTick() {
        return tick;
    }

    public void setTick(Duration tick) {
        this.tick = tick;
    }

    public int getWheelSize() {
        return wheelSize;
    }

    public void setWheelSize(int wheelSize) {
        this.wheelSize = wheelSize;
    }
}

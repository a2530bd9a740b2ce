package io.gev;

import java.time.Duration;

/**
 * The event loops of a server or client: how many, and their timing wheels.
 *
 * @param count          how many loops
 * @param timerTick      the resolution of their timers
 * @param timerWheelSize the slots of each loop's timing wheel (one turn lasts tick × size)
 */
record LoopConfig(int count, Duration timerTick, int timerWheelSize) {
}

package io.gev.bench.report;

import java.util.Locale;
import java.util.stream.DoubleStream;

/**
 * A value axis from 0 to a round top, in 4 to 8 round steps (1, 2 or 5 times a power of ten), with headroom above the
 * largest value for its label.
 */
record Axis(double top, double step) {

    private static final double HEADROOM = 1.08;
    private static final int MIN_STEPS = 4;
    /** Round steps are these times a power of ten, tried from the largest down. */
    private static final double[] MULTIPLIERS = {5, 2, 1};

    /** An axis for values up to {@code max}; an axis from 0 to 1 if there is no positive value. */
    static Axis upTo(double max) {
        double wanted = max > 0 ? max * HEADROOM : 1;
        for (int exponent = (int) Math.ceil(Math.log10(wanted)); ; exponent--) {
            for (double multiplier : MULTIPLIERS) {
                double step = multiplier * Math.pow(10, exponent);
                double steps = Math.ceil(wanted / step - 1e-9);
                if (steps >= MIN_STEPS) {
                    return new Axis(steps * step, step);
                }
            }
        }
    }

    /** The tick values: 0, one step, two steps, ... up to the top. */
    double[] ticks() {
        long count = Math.round(top / step);
        return DoubleStream.iterate(0, i -> i + 1).limit(count + 1).map(i -> i * step).toArray();
    }

    /** A tick's label: compact from 1000 on ({@code 250k}, {@code 1.5M}), below that with the step's decimals. */
    String label(double tick) {
        if (tick >= 1000) {
            return Numbers.compact(tick);
        }
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        return String.format(Locale.US, "%." + decimals + "f", tick);
    }

    /** Where a value sits on the axis, from 0 (at 0) to 1 (at the top). */
    double fraction(double value) {
        return value / top;
    }
}

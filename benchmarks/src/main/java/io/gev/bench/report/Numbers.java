package io.gev.bench.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** How the report writes numbers: readable in the table, compact over the bars, ratios as {@code 1.04×}. */
final class Numbers {

    private static final String MISSING = "n/a";

    private static final String[] SUFFIXES = {"", "k", "M", "G", "T"};

    private Numbers() {
    }

    /** For the table: {@code 265,296}, {@code 512}, {@code 13.1}, {@code 4.25}, {@code 0.42}; {@code n/a} if NaN. */
    static String readable(double value) {
        double magnitude = Math.abs(value);
        if (Double.isNaN(value)) {
            return MISSING;
        } else if (magnitude >= 100 || value == 0) {
            return String.format(Locale.US, "%,.0f", value);
        } else if (magnitude >= 10) {
            return String.format(Locale.US, "%.1f", value);
        } else if (magnitude >= 1) {
            return String.format(Locale.US, "%.2f", value);
        }
        return new BigDecimal(value).round(new MathContext(2)).stripTrailingZeros().toPlainString();
    }

    /** Over a bar or on the axis: {@code 265k}, {@code 1.2M}, {@code 2M}, {@code 13.1}, {@code 0.42}; n/a if NaN. */
    static String compact(double value) {
        int unit = 0;
        double scaled = value;
        while (Math.abs(scaled) >= 999.5 && unit < SUFFIXES.length - 1) {
            scaled /= 1000;
            unit++;
        }
        if (unit == 0 || Double.isInfinite(value)) {
            return readable(value);
        }
        String digits = String.format(Locale.US, Math.abs(scaled) < 9.95 ? "%.1f" : "%.0f", scaled);
        return digits.replaceFirst("\\.0$", "") + SUFFIXES[unit];
    }

    /** A ratio as {@code 1.04×}; {@code n/a} if it is not a finite number (no baseline, or a baseline of 0). */
    static String ratio(double ratio) {
        return Double.isFinite(ratio) ? String.format(Locale.US, "%.2f\u00d7", ratio) : MISSING;
    }
}

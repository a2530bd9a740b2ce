package io.gev.samples.redis;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * The arithmetic of {@code INCRBYFLOAT}, as Redis does it in C's {@code long double} on x86-64 (80-bit extended
 * precision: a 64-bit significand): numbers are read and rounded to that precision, added and rounded again, and
 * written with 17 decimals, trailing zeros removed ({@code %.17Lf}), so that the sample stores and replies the same
 * digits as Redis, {@code 1000.09999999999999998} included. Values are exact {@link BigDecimal}s of the binary numbers.
 * Stateless and thread safe.
 */
final class LongDouble {

    private static final int SIGNIFICAND_BITS = 64;
    /** Largest binary exponent of a finite value (the value is below 2^16384). */
    private static final int MAX_EXPONENT = 16383;
    private static final int DECIMALS = 17;

    private LongDouble() {
    }

    /** Thrown for a result that is not finite: Redis's {@code increment would produce NaN or Infinity}. */
    static final class NotFiniteException extends ArithmeticException {
        private static final long serialVersionUID = 1L;
    }

    /**
     * The number in {@code text}, rounded to the precision, as Redis's {@code string2ld} reads it: decimal with an
     * optional sign, point and exponent; no spaces; null for an infinity, which it reads too (and which makes any sum
     * not finite).
     *
     * @throws NumberFormatException for what is not such a number, or is out of range
     */
    static BigDecimal parse(byte[] text) {
        String s = new String(text, StandardCharsets.ISO_8859_1);
        String unsigned = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        if (unsigned.equalsIgnoreCase("inf") || unsigned.equalsIgnoreCase("infinity")) {
            return null;
        }
        if (s.isEmpty() || !Character.isDigit(s.charAt(s.length() - 1)) && s.charAt(s.length() - 1) != '.') {
            throw new NumberFormatException("not a number: " + s);
        }
        BigDecimal exact = new BigDecimal(s);
        BigDecimal rounded;
        try {
            rounded = round(exact);
        } catch (NotFiniteException e) {
            throw new NumberFormatException("overflow: " + s);
        }
        if (rounded.signum() == 0 && exact.signum() != 0) {
            throw new NumberFormatException("underflow: " + s);
        }
        return rounded;
    }

    /**
     * {@code a + b}, rounded to the precision.
     *
     * @throws NotFiniteException when either is an infinity (null) or the sum is too large
     */
    static BigDecimal add(BigDecimal a, BigDecimal b) {
        if (a == null || b == null) {
            throw new NotFiniteException();
        }
        return round(a.add(b));
    }

    /** {@code %.17Lf} without its trailing zeros (and point), {@code -0} as {@code 0}: how Redis writes a result. */
    static byte[] format(BigDecimal value) {
        String text = value.setScale(DECIMALS, RoundingMode.HALF_EVEN).toPlainString();
        text = text.replaceAll("0+$", "");
        text = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        return (text.equals("-0") ? "0" : text).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * {@code exact} rounded to the nearest number with a 64-bit significand (ties to even).
     *
     * @throws NotFiniteException when it is too large for the format
     * @throws NumberFormatException when it is too small (it would round to zero)
     */
    private static BigDecimal round(BigDecimal exact) {
        if (exact.signum() == 0) {
            return BigDecimal.ZERO;
        }
        int exponent = floorLog2(exact.abs());
        if (exponent > MAX_EXPONENT) {
            throw new NotFiniteException();
        }
        if (exponent < -16445) {
            throw new NumberFormatException("underflow");
        }
        int shift = SIGNIFICAND_BITS - 1 - exponent; // significand = exact * 2^shift, in [2^63, 2^64)
        BigInteger significand = scaleByPowerOfTwo(exact, shift).setScale(0, RoundingMode.HALF_EVEN)
                .toBigIntegerExact();
        BigDecimal rounded = scaleByPowerOfTwo(new BigDecimal(significand), -shift);
        if (floorLog2(rounded.abs()) > MAX_EXPONENT) {
            throw new NotFiniteException();
        }
        return rounded;
    }

    /** The largest e with 2^e <= x, for x > 0. */
    private static int floorLog2(BigDecimal x) {
        BigInteger integer = x.toBigInteger();
        if (integer.signum() > 0) {
            return integer.bitLength() - 1;
        }
        // x < 1: 2^e <= x < 2^(e+1) with e < 0, found from 1/x's integer part
        BigInteger inverse = BigDecimal.ONE.divide(x, 0, RoundingMode.FLOOR).toBigInteger();
        int e = -inverse.bitLength();
        return scaleByPowerOfTwo(x, -e - 1).compareTo(BigDecimal.ONE) >= 0 ? e + 1 : e;
    }

    /** {@code x * 2^n}, exactly. */
    private static BigDecimal scaleByPowerOfTwo(BigDecimal x, int n) {
        if (n >= 0) {
            return x.multiply(new BigDecimal(BigInteger.TWO.pow(n)));
        }
        return x.multiply(new BigDecimal(BigInteger.valueOf(5).pow(-n))).movePointLeft(-n);
    }
}

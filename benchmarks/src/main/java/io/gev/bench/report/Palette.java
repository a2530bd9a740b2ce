package io.gev.bench.report;

import java.awt.Color;

/** Fixed series colours (Tableau 10), assigned by series order, so that a report's charts colour a series alike. */
final class Palette {

    private static final Color[] COLOURS = {
        new Color(0x4E79A7), new Color(0xF28E2B), new Color(0x59A14F), new Color(0xE15759), new Color(0x76B7B2),
        new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7), new Color(0x9C755F), new Color(0xBAB0AC),
    };

    private Palette() {
    }

    /** The colour of the series at this position; the palette repeats after ten. */
    static Color of(int index) {
        return COLOURS[index % COLOURS.length];
    }
}

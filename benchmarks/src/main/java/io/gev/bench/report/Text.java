package io.gev.bench.report;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/** Text measuring for the charts, with the anti-aliased, fractional metrics that {@link BarChart} draws with. */
final class Text {

    /** Matches the rendering hints that {@link BarChart} sets, so that measured and drawn widths agree. */
    private static final FontRenderContext CONTEXT = new FontRenderContext(null, true, true);

    private Text() {
    }

    /** The advance width of a string. */
    static double width(String text, Font font) {
        return font.getStringBounds(text, CONTEXT).getWidth();
    }

    /** The height of a line: ascent, descent and leading. */
    static double lineHeight(Font font) {
        return font.getLineMetrics("Hg", CONTEXT).getHeight();
    }

    /** The height above the baseline of capitals and tall letters. */
    static double ascent(Font font) {
        return font.getLineMetrics("Hg", CONTEXT).getAscent();
    }

    /** The font itself if it fits, otherwise one point smaller at a time until it fits or reaches {@code minSize}. */
    static Font shrinkToFit(Font font, float minSize, Predicate<Font> fits) {
        Font shrunk = font;
        while (shrunk.getSize2D() > minSize && !fits.test(shrunk)) {
            shrunk = shrunk.deriveFont(Math.max(minSize, shrunk.getSize2D() - 1));
        }
        return shrunk;
    }

    /**
     * Words per line so that each line is at most {@code width} wide (a longer single word gets a line of its own), in
     * as few lines as that allows and with lines as even as possible: "50c 64B" and "1 loop", not "50c 64B 1" and
     * "loop".
     */
    static List<String> wrap(String text, Font font, double width) {
        int lines = greedy(text, font, width).size();
        double narrow = widestWord(text, font);
        double wide = width;
        while (wide - narrow > 1) {
            double middle = (narrow + wide) / 2;
            if (greedy(text, font, middle).size() <= lines) {
                wide = middle;
            } else {
                narrow = middle;
            }
        }
        return greedy(text, font, wide);
    }

    /** The width of the text's widest word: the least width that {@link #wrap} can keep it within. */
    static double widestWord(String text, Font font) {
        return Arrays.stream(words(text)).mapToDouble(word -> width(word, font)).max().orElse(0);
    }

    /** Fills each line with as many words as fit before starting the next. */
    private static List<String> greedy(String text, Font font, double width) {
        List<String> lines = new ArrayList<>();
        String line = "";
        for (String word : words(text)) {
            String longer = line.isEmpty() ? word : line + " " + word;
            if (line.isEmpty() || width(longer, font) <= width) {
                line = longer;
            } else {
                lines.add(line);
                line = word;
            }
        }
        lines.add(line);
        return lines;
    }

    private static String[] words(String text) {
        return text.strip().split("\\s+");
    }
}

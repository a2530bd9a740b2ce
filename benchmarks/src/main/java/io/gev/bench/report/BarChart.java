package io.gev.bench.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.stream.DoubleStream;

/**
 * A grouped vertical bar chart of one metric's medians: the groups along the x axis, one bar per series in its
 * {@link Palette} colour with its value above it, a y axis from 0 with gridlines, a legend and a title. The chart is
 * 1200×600 pixels, or wider when its bars would be thinner than 28 pixels or a word of a group's name wider than its
 * group at the smallest font.
 */
final class BarChart {

    private static final int MIN_WIDTH = 1200;
    private static final int HEIGHT = 600;
    private static final int MARGIN = 20;
    /** The least width per bar, gap included, before the chart grows wider. */
    private static final double MIN_SLOT = 28;
    /** The most width per bar, gap included, so that a few bars do not turn into slabs. */
    private static final double MAX_SLOT = 110;
    /** The room for the y axis' labels that the chart's width allows; the same for every chart of a CSV. */
    private static final double AXIS_ROOM = 100;
    /** The room between neighbouring groups' labels. */
    private static final double LABEL_GAP = 6;
    /** The share of a group's width that its bars take; the rest separates the groups. */
    private static final double CLUSTER = 0.8;
    /** The share of a bar's slot that the bar fills; the rest separates it from its neighbour. */
    private static final double BAR = 0.88;
    private static final int MAX_LABEL_LINES = 3;
    private static final int SWATCH = 14;
    /** The room between a legend swatch and its series' name. */
    private static final int SWATCH_GAP = 6;
    /** The room between one series' legend entry and the next. */
    private static final int LEGEND_GAP = 24;

    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 20);
    private static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font GROUP_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font VALUE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final float MIN_FONT_SIZE = 9;

    private static final Color TEXT = new Color(0x333333);
    private static final Color MUTED = new Color(0x999999);
    private static final Color GRID = new Color(0xE3E3E3);
    private static final Color AXIS = new Color(0x888888);

    private final List<String> groups;
    private final List<String> series;
    private final String title;
    /** The median per group (first index) and series (second index); NaN where there is none. */
    private final double[][] values;
    private final Axis axis;

    /** A chart of {@code metric}'s medians, with {@code title} on top. */
    BarChart(Medians medians, String metric, String title) {
        this.groups = medians.groups();
        this.series = medians.series();
        this.title = title;
        this.values = groups.stream()
                .map(group -> series.stream().mapToDouble(s -> medians.median(group, s, metric)).toArray())
                .toArray(double[][]::new);
        this.axis = Axis.upTo(finiteValues().max().orElse(0));
    }

    /** Lays out and draws the chart. */
    BufferedImage render() {
        double left = MARGIN + DoubleStream.of(axis.ticks()).map(t -> Text.width(axis.label(t), TICK_FONT)).max()
                .orElse(0) + 8;
        Font smallest = GROUP_FONT.deriveFont(MIN_FONT_SIZE);
        double minGroupWidth = Math.max(series.size() * MIN_SLOT / CLUSTER,
                groups.stream().mapToDouble(group -> Text.widestWord(group, smallest)).max().orElse(0) + LABEL_GAP);
        int width = (int) Math.max(MIN_WIDTH,
                Math.ceil(Math.max(left, AXIS_ROOM) + MARGIN + groups.size() * minGroupWidth));
        double groupWidth = (width - left - MARGIN) / groups.size();
        double labelWidth = groupWidth - LABEL_GAP;

        Font groupFont = Text.shrinkToFit(GROUP_FONT, MIN_FONT_SIZE, font -> groups.stream().allMatch(group ->
                Text.widestWord(group, font) <= labelWidth
                        && Text.wrap(group, font, labelWidth).size() <= MAX_LABEL_LINES));
        List<List<String>> groupLabels = groups.stream().map(group -> Text.wrap(group, groupFont, labelWidth)).toList();
        int labelLines = groupLabels.stream().mapToInt(List::size).max().orElse(1);
        Font titleFont = Text.shrinkToFit(TITLE_FONT, MIN_FONT_SIZE,
                font -> Text.width(title, font) <= width - 2 * MARGIN);

        double legendTop = MARGIN + Text.lineHeight(titleFont) + 10;
        double plotTop = legendTop + Text.lineHeight(LEGEND_FONT) + 24;
        double plotBottom = HEIGHT - MARGIN - 10 - labelLines * Text.lineHeight(groupFont);
        Rectangle2D plot = new Rectangle2D.Double(left, plotTop, width - left - MARGIN, plotBottom - plotTop);

        BufferedImage image = new BufferedImage(width, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            prepare(g, width);
            drawTitle(g, titleFont, width);
            drawLegend(g, legendTop, width);
            drawGrid(g, plot);
            drawBars(g, plot, groupWidth);
            drawGroupLabels(g, plot, groupWidth, groupLabels, groupFont);
        } finally {
            g.dispose();
        }
        return image;
    }

    private DoubleStream finiteValues() {
        return Arrays.stream(values).flatMapToDouble(DoubleStream::of).filter(Double::isFinite);
    }

    private static void prepare(Graphics2D g, int width) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, HEIGHT);
    }

    private void drawTitle(Graphics2D g, Font font, int width) {
        g.setFont(font);
        g.setColor(TEXT);
        drawCentered(g, title, width / 2.0, MARGIN + Text.ascent(font));
    }

    /** One swatch and name per series, centred in a row under the title. */
    private void drawLegend(Graphics2D g, double top, int width) {
        double total = series.stream().mapToDouble(s -> legendEntryWidth(s) + LEGEND_GAP).sum() - LEGEND_GAP;
        double x = (width - total) / 2;
        double baseline = top + Text.ascent(LEGEND_FONT);
        g.setFont(LEGEND_FONT);
        for (int i = 0; i < series.size(); i++) {
            g.setColor(Palette.of(i));
            g.fill(new Rectangle2D.Double(x, baseline - SWATCH + 2, SWATCH, SWATCH));
            g.setColor(TEXT);
            g.drawString(series.get(i), (float) (x + SWATCH + SWATCH_GAP), (float) baseline);
            x += legendEntryWidth(series.get(i)) + LEGEND_GAP;
        }
    }

    private static double legendEntryWidth(String series) {
        return SWATCH + SWATCH_GAP + Text.width(series, LEGEND_FONT);
    }

    /** A gridline and a label per tick, then the axis lines on the left and at 0. */
    private void drawGrid(Graphics2D g, Rectangle2D plot) {
        g.setFont(TICK_FONT);
        for (double tick : axis.ticks()) {
            double y = plot.getMaxY() - axis.fraction(tick) * plot.getHeight();
            g.setColor(GRID);
            g.draw(new Line2D.Double(plot.getMinX(), y, plot.getMaxX(), y));
            g.setColor(TEXT);
            String label = axis.label(tick);
            g.drawString(label, (float) (plot.getMinX() - 8 - Text.width(label, TICK_FONT)),
                    (float) (y + Text.ascent(TICK_FONT) * 0.4));
        }
        g.setColor(AXIS);
        g.draw(new Line2D.Double(plot.getMinX(), plot.getMinY(), plot.getMinX(), plot.getMaxY()));
        g.draw(new Line2D.Double(plot.getMinX(), plot.getMaxY(), plot.getMaxX(), plot.getMaxY()));
    }

    /** The bars with their values above them; {@code n/a} on the axis where a series has no value in a group. */
    private void drawBars(Graphics2D g, Rectangle2D plot, double groupWidth) {
        double slot = Math.min(MAX_SLOT, groupWidth * CLUSTER / series.size());
        Font font = Text.shrinkToFit(VALUE_FONT, MIN_FONT_SIZE, f -> finiteValues()
                .allMatch(value -> Text.width(Numbers.compact(value), f) <= slot - 2));
        g.setFont(font);
        for (int group = 0; group < groups.size(); group++) {
            for (int s = 0; s < series.size(); s++) {
                double value = values[group][s];
                double centre = plot.getMinX() + (group + 0.5) * groupWidth + (s - series.size() / 2.0 + 0.5) * slot;
                double height = Double.isFinite(value) ? Math.max(0, axis.fraction(value)) * plot.getHeight() : 0;
                double top = plot.getMaxY() - height;
                if (height > 0) {
                    g.setColor(Palette.of(s));
                    g.fill(new Rectangle2D.Double(centre - slot * BAR / 2, top, slot * BAR, height));
                }
                g.setColor(Double.isFinite(value) ? TEXT : MUTED);
                drawCentered(g, Numbers.compact(value), centre, top - 4);
            }
        }
    }

    /** Each group's name under its bars, on the lines it was wrapped to. */
    private static void drawGroupLabels(Graphics2D g, Rectangle2D plot, double groupWidth, List<List<String>> labels,
            Font font) {
        g.setFont(font);
        g.setColor(TEXT);
        for (int group = 0; group < labels.size(); group++) {
            double centre = plot.getMinX() + (group + 0.5) * groupWidth;
            double baseline = plot.getMaxY() + 10 + Text.ascent(font);
            for (String line : labels.get(group)) {
                drawCentered(g, line, centre, baseline);
                baseline += Text.lineHeight(font);
            }
        }
    }

    private static void drawCentered(Graphics2D g, String text, double centre, double baseline) {
        g.drawString(text, (float) (centre - Text.width(text, g.getFont()) / 2), (float) baseline);
    }
}

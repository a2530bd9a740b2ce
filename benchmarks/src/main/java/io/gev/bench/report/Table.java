package io.gev.bench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The report's GitHub Markdown table: one row per group and series with its rounds, the median of each metric and,
 * for each ratio metric, that median divided by the baseline series' median in the same group.
 */
final class Table {

    /** The text columns (group and series) come first and are left-aligned; the numbers after them right-aligned. */
    private static final int TEXT_COLUMNS = 2;

    private Table() {
    }

    /** The table for {@code options}, one line per row, columns padded so that the plain text lines up too. */
    static String markdown(Medians medians, Options options) {
        List<String> header = new ArrayList<>(List.of(options.group(), options.series(), "rounds"));
        header.addAll(options.metrics());
        options.ratios().forEach(metric -> header.add(metric + " vs " + options.baseline()));

        List<List<String>> rows = new ArrayList<>();
        for (String group : medians.groups()) {
            for (String series : medians.series()) {
                int rounds = medians.rounds(group, series);
                if (rounds == 0) {
                    continue;
                }
                List<String> row = new ArrayList<>(List.of(group, series, Integer.toString(rounds)));
                options.metrics().forEach(metric -> row.add(Numbers.readable(medians.median(group, series, metric))));
                options.ratios().forEach(metric -> row.add(Numbers.ratio(medians.median(group, series, metric)
                        / medians.median(group, options.baseline(), metric))));
                rows.add(row);
            }
        }
        return layout(header, rows);
    }

    private static String layout(List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = Math.max(3, header.get(i).length());
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<String> rule = new ArrayList<>();
        for (int i = 0; i < widths.length; i++) {
            String dashes = "-".repeat(widths[i] - 1);
            rule.add(i < TEXT_COLUMNS ? ":" + dashes : dashes + ":");
        }
        StringBuilder table = new StringBuilder();
        line(table, header, widths);
        line(table, rule, widths);
        rows.forEach(row -> line(table, row, widths));
        return table.toString();
    }

    private static void line(StringBuilder table, List<String> cells, int[] widths) {
        table.append('|');
        for (int i = 0; i < cells.size(); i++) {
            String padding = " ".repeat(widths[i] - cells.get(i).length());
            String cell = i < TEXT_COLUMNS ? cells.get(i) + padding : padding + cells.get(i);
            table.append(' ').append(cell).append(" |");
        }
        table.append('\n');
    }
}

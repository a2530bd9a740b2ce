package io.gev.bench.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The median of each metric for every (group, series) pair of a CSV, over that pair's rows (one per round). Groups and
 * series keep the order in which the CSV first names them, except that the baseline series comes first. A group or
 * series may be named by several columns joined with {@code +} ({@code server+scenario}): its label is their cells
 * joined with spaces.
 */
final class Medians {

    private record Key(String group, String series) {
    }

    private record Cell(int rounds, Map<String, Double> medians) {
    }

    private final List<String> groups;
    private final List<String> series;
    private final Map<Key, Cell> cells;

    private Medians(List<String> groups, List<String> series, Map<Key, Cell> cells) {
        this.groups = groups;
        this.series = series;
        this.cells = cells;
    }

    /**
     * Groups the rows of {@code csv} by its group and series columns and takes the medians of the metric columns. Only
     * the rows of the series in {@code keep} count, or every row when it is empty.
     */
    static Medians of(Csv csv, String groupColumn, String seriesColumn, Collection<String> keep,
            Collection<String> metrics, String baseline) {
        int[] group = columns(csv, groupColumn);
        int[] series = columns(csv, seriesColumn);
        Map<String, Integer> metricColumns = new LinkedHashMap<>();
        metrics.forEach(metric -> metricColumns.put(metric, csv.column(metric)));

        Map<Key, List<List<String>>> rowsByKey = new LinkedHashMap<>();
        for (List<String> row : csv.rows()) {
            String seriesLabel = label(row, series);
            if (keep.isEmpty() || keep.contains(seriesLabel)) {
                rowsByKey.computeIfAbsent(new Key(label(row, group), seriesLabel), key -> new ArrayList<>()).add(row);
            }
        }
        Map<Key, Cell> cells = new HashMap<>();
        rowsByKey.forEach((key, rows) -> {
            Map<String, Double> medians = new HashMap<>();
            metricColumns.forEach((metric, column) -> medians.put(metric, median(rows, metric, column)));
            cells.put(key, new Cell(rows.size(), medians));
        });
        List<String> seriesOrder = new ArrayList<>(rowsByKey.keySet().stream().map(Key::series).distinct().toList());
        if (seriesOrder.remove(baseline)) {
            seriesOrder.add(0, baseline);
        }
        return new Medians(rowsByKey.keySet().stream().map(Key::group).distinct().toList(),
                List.copyOf(seriesOrder), cells);
    }

    /** The columns that {@code spec} names: one, or several joined with {@code +}. */
    private static int[] columns(Csv csv, String spec) {
        return Arrays.stream(spec.split("\\+")).map(String::strip).mapToInt(csv::column).toArray();
    }

    /** A row's label for columns: their cells, joined with spaces. */
    private static String label(List<String> row, int[] columns) {
        if (columns.length == 1) {
            return row.get(columns[0]);
        }
        return Arrays.stream(columns).mapToObj(row::get).collect(Collectors.joining(" "));
    }

    /** The groups, in the order the CSV first names them. */
    List<String> groups() {
        return groups;
    }

    /** The series, the baseline first and then in the order the CSV first names them. */
    List<String> series() {
        return series;
    }

    /** How many rows (rounds) the CSV has for a group and series; 0 if none. */
    int rounds(String group, String series) {
        Cell cell = cells.get(new Key(group, series));
        return cell == null ? 0 : cell.rounds();
    }

    /** The median of a metric for a group and series, or NaN if it has no rows or no value in any of them. */
    double median(String group, String series, String metric) {
        Cell cell = cells.get(new Key(group, series));
        return cell == null ? Double.NaN : cell.medians().get(metric);
    }

    private static double median(List<List<String>> rows, String metric, int column) {
        double[] values = rows.stream().mapToDouble(row -> number(row.get(column), metric))
                .filter(value -> !Double.isNaN(value)).sorted().toArray();
        int n = values.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    /** A cell's number; NaN for an empty or {@code NaN} (any case) cell, which stands for a missing value. */
    private static double number(String cell, String metric) {
        if (cell.isEmpty() || cell.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new ReportException("column '" + metric + "' has a cell that is not a number: '" + cell + "'");
        }
    }
}

package io.gev.bench.report;

import io.gev.bench.Arguments;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The report's command line: which CSV, how its rows are grouped and compared, and what to write. An empty
 * {@code seriesFilter} keeps every series.
 */
record Options(Path csv, String group, String series, List<String> seriesFilter, String baseline, List<String> metrics,
        List<String> ratios, List<ChartSpec> charts, Path markdownOut) {

    /** What {@code --help} prints. */
    static final String USAGE = """
            usage: Report --csv FILE --group COLUMNS --series COLUMNS --metrics M1,M2,...
                          [--series-filter S1,S2,...] [--baseline SERIES] [--ratio METRIC]...
                          [--chart METRIC:FILE.png[:TITLE]]... [--markdown-out FILE]

              --csv           results file: a header line of column names, then one comma-separated row per round
              --group         column whose values are the table's row groups and the charts' x-axis groups;
                              several columns joined with + (server+scenario) group by their values together
              --series        column (or columns joined with +) whose values are compared within a group
                              (the baseline first)
              --series-filter only these series' rows, e.g. gev@base,gev to compare two builds (comma-separated,
                              repeatable; default: every series)
              --metrics       numeric columns whose medians the table shows (comma-separated, repeatable)
              --baseline      series the ratios divide by; required with --ratio
              --ratio         metric to add a '<metric> vs <baseline>' column for (comma-separated, repeatable)
              --chart         bar chart of a metric's medians, written as a PNG (repeatable)
              --markdown-out  also write the table to this file

            The table goes to standard output. Empty or NaN cells are missing and left out of the medians.
            """;

    private static final Set<String> SINGLE = Set.of("csv", "group", "series", "baseline", "markdown-out");
    private static final Set<String> REPEATABLE = Set.of("metrics", "ratio", "chart", "series-filter");

    /** Parses {@code --name value} pairs, or throws a {@link ReportException} that says what is wrong. */
    static Options parse(String[] args) {
        Arguments given;
        try {
            given = new Arguments(args);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
        for (String name : given.names()) {
            if (!SINGLE.contains(name) && !REPEATABLE.contains(name)) {
                throw bad("unknown option '--" + name + "'");
            }
            if (SINGLE.contains(name) && given.all(name).size() > 1) {
                throw bad("--" + name + " given twice");
            }
        }
        Path csv = Path.of(required(given, "--csv"));
        String group = required(given, "--group");
        String series = required(given, "--series");
        List<String> seriesFilter = list(given, "--series-filter");
        List<String> metrics = list(given, "--metrics");
        if (metrics.isEmpty()) {
            throw bad("--metrics is required");
        }
        List<String> ratios = list(given, "--ratio");
        String baseline = optional(given, "--baseline");
        if (!ratios.isEmpty() && baseline == null) {
            throw bad("--ratio needs --baseline");
        }
        List<ChartSpec> charts = given.all("chart").stream().map(ChartSpec::parse).toList();
        String markdownOut = optional(given, "--markdown-out");
        return new Options(csv, group, series, seriesFilter, baseline, metrics, ratios, charts,
                markdownOut == null ? null : Path.of(markdownOut));
    }

    /** Every metric column the report reads: the table's, the ratios' and the charts', each once. */
    Set<String> metricColumns() {
        Set<String> columns = new LinkedHashSet<>(metrics);
        columns.addAll(ratios);
        charts.forEach(chart -> columns.add(chart.metric()));
        return columns;
    }

    private static String optional(Arguments given, String name) {
        return given.get(name.substring(2), null);
    }

    private static String required(Arguments given, String name) {
        String value = optional(given, name);
        if (value == null) {
            throw bad(name + " is required");
        }
        return value;
    }

    /** The comma-separated values of a repeatable option, in order. */
    private static List<String> list(Arguments given, String name) {
        List<String> items = new ArrayList<>();
        for (String value : given.all(name.substring(2))) {
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.strip());
                }
            }
        }
        return items;
    }

    private static ReportException bad(String message) {
        return new ReportException(message + " (--help for usage)");
    }
}

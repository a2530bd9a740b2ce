package io.gev.bench.report;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Turns a benchmark results CSV into a Markdown table of medians, with ratios against a baseline series, on standard
 * output (and optionally in a file), and into PNG bar charts. Runs headless. {@code --help} prints the usage; a problem
 * with the arguments or the CSV is reported in one line on standard error, with exit status 2.
 */
public final class Report {

    private static final int BAD_INPUT = 2;

    private Report() {
    }

    /** Runs the report for the command line described by {@code --help}. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.print(Options.USAGE);
            return;
        }
        if (args.length == 0) {
            System.err.print(Options.USAGE);
            System.exit(BAD_INPUT);
        }
        try {
            run(Options.parse(args));
        } catch (ReportException e) {
            System.err.println("report: " + e.getMessage());
            System.exit(BAD_INPUT);
        }
    }

    private static void run(Options options) {
        Medians medians = Medians.of(Csv.read(options.csv()), options.group(), options.series(),
                options.seriesFilter(), options.metricColumns(), options.baseline());
        for (String kept : options.seriesFilter()) {
            if (!medians.series().contains(kept)) {
                System.err.println("report: warning: series '" + kept + "' of --series-filter has no rows in "
                        + options.csv());
            }
        }
        if (!options.ratios().isEmpty() && !medians.series().contains(options.baseline())) {
            System.err.println("report: warning: baseline '" + options.baseline() + "' is not in column '"
                    + options.series() + "' of " + options.csv() + " (" + String.join(", ", medians.series())
                    + "), so every ratio is n/a");
        }
        String table = Table.markdown(medians, options);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        out.print(table);
        out.flush();
        if (options.markdownOut() != null) {
            Output.text(options.markdownOut(), table);
        }
        for (ChartSpec chart : options.charts()) {
            Output.png(chart.file(), new BarChart(medians, chart.metric(), chart.title()).render());
            System.err.println("report: wrote " + chart.file());
        }
    }
}

package io.gev.bench.report;

import java.nio.file.Path;

/** One {@code --chart metric:file.png[:title]}: which metric to draw, where to write the PNG, and its title. */
record ChartSpec(String metric, Path file, String title) {

    /** Parses {@code metric:file.png:title}; the title may contain colons and defaults to the metric's name. */
    static ChartSpec parse(String spec) {
        String[] parts = spec.split(":", 3);
        if (parts.length < 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new ReportException("--chart wants metric:file.png[:title], got '" + spec + "'");
        }
        String title = parts.length == 3 && !parts[2].isBlank() ? parts[2] : parts[0];
        return new ChartSpec(parts[0], Path.of(parts[1]), title);
    }
}

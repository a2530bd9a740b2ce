package io.gev.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** A results file: a header line of column names, then rows of comma-separated cells; no quoting, no blank rows. */
record Csv(Path file, List<String> header, List<List<String>> rows) {

    /** Reads a file that has a header and at least one row, every row as wide as the header. */
    static Csv read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ReportException("no such file: " + file);
        } catch (IOException e) {
            throw new ReportException("cannot read " + file + ": " + e.getMessage());
        }
        List<List<String>> records = lines.stream().filter(line -> !line.isBlank()).map(Csv::cells).toList();
        if (records.size() < 2) {
            throw new ReportException(file + " has no rows: it needs a header line and one line per round");
        }
        List<String> header = records.get(0);
        List<List<String>> rows = records.subList(1, records.size());
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).size() != header.size()) {
                throw new ReportException("row " + (i + 1) + " of " + file + " has " + rows.get(i).size()
                        + " cells but the header names " + header.size() + " columns");
            }
        }
        return new Csv(file, header, rows);
    }

    /** The index of a column, or a {@link ReportException} that lists the columns there are. */
    int column(String name) {
        int index = header.indexOf(name);
        if (index < 0) {
            throw new ReportException("no column '" + name + "' in " + file + "; its columns are "
                    + String.join(", ", header));
        }
        return index;
    }

    private static List<String> cells(String line) {
        return Arrays.stream(line.split(",", -1)).map(String::strip).toList();
    }
}

package io.gev.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/** Appends result rows to a CSV file, writing the header when the file is new. */
public final class CsvFile {

    private final Path path;
    private final String header;

    public CsvFile(Path path, String header) {
        this.path = path;
        this.header = header;
    }

    /** Appends one row; numbers are written with a dot and without grouping, NaN as empty. */
    public void append(Object... values) throws IOException {
        StringBuilder row = new StringBuilder();
        if (!Files.exists(path) || Files.size(path) == 0) {
            row.append(header).append('\n');
        }
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                row.append(',');
            }
            Object v = values[i];
            if (v instanceof Double d) {
                row.append(d.isNaN() ? "" : String.format(Locale.ROOT, "%.3f", d));
            } else {
                row.append(v);
            }
        }
        row.append('\n');
        Files.writeString(path, row, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}

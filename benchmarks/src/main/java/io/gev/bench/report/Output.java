package io.gev.bench.report;

import java.awt.image.RenderedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes the report's files, creating their directories; a failure becomes a {@link ReportException}. */
final class Output {

    private interface Writer {
        void write() throws IOException;
    }

    private Output() {
    }

    /** Writes text as UTF-8. */
    static void text(Path file, String text) {
        write(file, () -> Files.writeString(file, text, StandardCharsets.UTF_8));
    }

    /** Writes an image as a PNG. */
    static void png(Path file, RenderedImage image) {
        write(file, () -> {
            try (OutputStream out = Files.newOutputStream(file)) {
                ImageIO.write(image, "png", out);
            }
        });
    }

    private static void write(Path file, Writer writer) {
        try {
            Path directory = file.toAbsolutePath().getParent();
            if (directory != null) {
                Files.createDirectories(directory);
            }
            writer.write();
        } catch (IOException e) {
            throw new ReportException("cannot write " + file + ": " + e);
        }
    }
}

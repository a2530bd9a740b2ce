package io.gev.samples.redis;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** File operations of the append-only file. Blocking: for the writer, rewrite and start-up threads only. */
final class AofFiles {

    private AofFiles() {
    }

    /** {@code file} (created if missing, its directory made durable then) open for writing at its end. */
    static FileChannel openForAppend(Path file) throws IOException {
        boolean created = !file.toFile().exists();
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.position(channel.size());
        if (created) {
            syncDirectory(file.toAbsolutePath().getParent());
        }
        return channel;
    }

    /** fsyncs {@code directory}, so that a file created or renamed in it survives a crash. */
    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Writes the first {@code length} bytes of {@code bytes} at the channel's position. */
    static void writeFully(FileChannel channel, byte[] bytes, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}

package io.hayate.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/** A file on its way to a socket with zero-copy {@code transferTo}. Closed when done or abandoned. */
final class FileRegion {
    private final FileChannel file;
    private long position;
    private final long end;

    /** Sends the first {@code length} bytes: the length the head announced, even if the file grew since. */
    FileRegion(FileChannel file, long length) throws IOException {
        this.file = file;
        if (file.size() < length) {
            close();
            throw new IOException("the file shrank after its length was announced");
        }
        this.end = length;
    }

    /** Transfers what the socket takes now; true when the whole file is sent (the file is then closed). */
    boolean transfer(WritableByteChannel to) throws IOException {
        while (position < end) {
            long n = file.transferTo(position, end - position, to);
            if (n <= 0) {
                return false;
            }
            position += n;
        }
        close();
        return true;
    }

    void close() {
        try {
            file.close();
        } catch (IOException ignored) {
            // read-only file: nothing to lose
        }
    }
}

package io.hayate.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what the server logs. {@code System.getLogger("io.hayate.server")} is backed by java.util.logging when no
 * other provider is installed, so a handler on that logger sees every record it publishes.
 */
final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger; // held: java.util.logging keeps loggers weakly
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
        logger.addHandler(this);
    }

    static LogCapture server() {
        return new LogCapture(Logger.getLogger("io.hayate.server"));
    }

    /** Records at {@code level} or above. */
    List<LogRecord> atLeast(Level level) {
        return records.stream().filter(r -> r.getLevel().intValue() >= level.intValue()).toList();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}

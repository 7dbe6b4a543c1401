package dev.fedroute.it.payara;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what is logged through {@code java.util.logging} (the server's logging) under a logger
 * name while it is open: how the tests read deployment failures and what a probe application hands
 * over (log record parameters are objects, so they cross application boundaries within the JVM).
 */
final class LogCapture extends Handler implements AutoCloseable {
  private final Logger logger;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  private LogCapture(String loggerName) {
    logger = Logger.getLogger(loggerName);
    logger.addHandler(this);
  }

  /** Starts recording under {@code loggerName} ("" for everything). */
  static LogCapture on(String loggerName) {
    return new LogCapture(loggerName);
  }

  List<LogRecord> records() {
    return List.copyOf(records);
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

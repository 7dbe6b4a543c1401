package dev.fedroute.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what is logged through {@code java.util.logging} (where {@code System.Logger} goes in the
 * tests) under a logger name, while it is open.
 */
public final class CapturedLog extends Handler implements AutoCloseable {
  private final Logger logger;
  private final boolean levelSet;
  private final Level levelBefore;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  private CapturedLog(String loggerName, Level level) {
    logger = Logger.getLogger(loggerName);
    levelBefore = logger.getLevel();
    levelSet = level != null;
    if (levelSet) {
      logger.setLevel(level);
    }
    logger.addHandler(this);
  }

  /**
   * Starts recording.
   *
   * @param loggerName the logger, {@code ""} for everything
   * @return the capture; close it to stop
   */
  public static CapturedLog of(String loggerName) {
    return new CapturedLog(loggerName, null);
  }

  /**
   * Starts recording, with the logger's level set until the capture is closed (then restored).
   *
   * @param loggerName the logger, {@code ""} for everything
   * @param level the level, {@code FINE} for the {@code DEBUG} lines of {@code System.Logger}
   * @return the capture; close it to stop
   */
  public static CapturedLog of(String loggerName, Level level) {
    return new CapturedLog(loggerName, level);
  }

  /**
   * What was logged so far.
   *
   * @return a copy of the records
   */
  public List<LogRecord> records() {
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
    if (levelSet) {
      logger.setLevel(levelBefore);
    }
  }
}

package io.journeyline.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Every log line of this JVM while it is open, formatted as a log file would hold it (message,
 * thread, logger and stack trace), kept in memory: an appender on the root logger, with the given
 * loggers turned up (for example {@code io.journeyline} to DEBUG). Closing it restores the levels.
 */
public final class CapturedLogs implements AutoCloseable {

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final LoggerContext context;
  private final AbstractAppender appender;
  private final Map<String, Level> previous = new LinkedHashMap<>();
  private final List<String> added = new CopyOnWriteArrayList<>();

  private CapturedLogs(Map<String, Level> levels) {
    context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    PatternLayout layout =
        PatternLayout.newBuilder()
            .withConfiguration(config)
            .withPattern("%-5level [%t] %c - %msg%n%throwable")
            .build();
    appender =
        new AbstractAppender("captured-logs", null, layout, true, Property.EMPTY_ARRAY) {
          @Override
          public void append(LogEvent event) {
            lines.add(layout.toSerializable(event));
          }
        };
    appender.start();
    config.addAppender(appender);
    // On the root only: events of every logger reach it (additivity), whatever the root's level.
    config.getRootLogger().addAppender(appender, Level.ALL, null);
    levels.forEach(
        (name, level) -> {
          LoggerConfig logger = config.getLoggerConfig(name);
          if (logger.getName().equals(name)) {
            previous.put(name, logger.getLevel());
            logger.setLevel(level);
          } else {
            config.addLogger(name, new LoggerConfig(name, level, true));
            added.add(name);
          }
        });
    context.updateLoggers();
  }

  /** Starts capturing, with each named logger at its level. */
  public static CapturedLogs start(Map<String, Level> levels) {
    return new CapturedLogs(levels);
  }

  /** The lines captured so far (a line may span several text lines: a stack trace). */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    Configuration config = context.getConfiguration();
    config.getRootLogger().removeAppender(appender.getName());
    previous.forEach((name, level) -> config.getLoggerConfig(name).setLevel(level));
    added.forEach(config::removeLogger);
    context.updateLoggers();
    appender.stop();
  }
}

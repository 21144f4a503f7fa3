package io.journeyline.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runnable jars' {@code log4j2.xml}: text lines with an ISO-8601 UTC date by default, one ECS
 * JSON object per line with {@code journeyline.log.format=json} ({@code JOURNEYLINE_LOG_FORMAT}).
 */
class LogConfigTest {

  private static final Instant AT = Instant.parse("2026-03-01T10:15:30.123Z");

  private LoggerContext context;

  @AfterEach
  void stop() {
    System.clearProperty("journeyline.log.format");
    if (context != null) {
      Configurator.shutdown(context);
    }
  }

  private Appender rootAppender(String format) throws Exception {
    if (format != null) {
      System.setProperty("journeyline.log.format", format);
    }
    URI config = LogConfigTest.class.getResource("/log4j2.xml").toURI();
    context = Configurator.initialize("log-config-" + format, null, config);
    Map<String, Appender> appenders = context.getConfiguration().getRootLogger().getAppenders();
    assertThat(appenders).hasSize(1);
    return appenders.values().iterator().next();
  }

  private static LogEvent event() {
    return Log4jLogEvent.newBuilder()
        .setLoggerName("io.journeyline.ops.JourneylineStreams")
        .setLevel(Level.WARN)
        .setMessage(new SimpleMessage("Kafka Streams is REBALANCING"))
        .setThreadName("main")
        .setTimeMillis(AT.toEpochMilli())
        .build();
  }

  private static String format(Appender appender) {
    return new String(appender.getLayout().toByteArray(event()), StandardCharsets.UTF_8);
  }

  @Test
  void shouldWriteTextLinesWithAnIsoUtcDateByDefault() throws Exception {
    Appender appender = rootAppender(null);

    assertThat(appender.getName()).isEqualTo("text");
    assertThat(format(appender))
        .isEqualTo(
            "2026-03-01T10:15:30.123Z WARN  [main] i.j.o.JourneylineStreams - Kafka Streams is"
                + " REBALANCING"
                + System.lineSeparator());
  }

  @Test
  void shouldWriteOneEcsJsonObjectPerLineWhenAsked() throws Exception {
    Appender appender = rootAppender("json");

    String line = format(appender);

    assertThat(appender.getName()).isEqualTo("json");
    assertThat(line).endsWith("\n").doesNotContain("\n{");
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.path("@timestamp").asText()).startsWith("2026-03-01T10:15:30.123");
    assertThat(json.path("log.level").asText()).isEqualTo("WARN");
    assertThat(json.path("log.logger").asText()).isEqualTo("io.journeyline.ops.JourneylineStreams");
    assertThat(json.path("message").asText()).isEqualTo("Kafka Streams is REBALANCING");
    assertThat(json.path("service.name").asText()).isEqualTo("journeyline");
  }
}

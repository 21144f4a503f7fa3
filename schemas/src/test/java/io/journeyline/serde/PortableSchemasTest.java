package io.journeyline.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.journeyline.topics.TopicCatalog;
import io.journeyline.topics.TopicSubjects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

class PortableSchemasTest {

  @Test
  void shouldDropJavaOnlyPropertiesFromEverySubjectsSchemaAndKeepItsCanonicalForm() {
    for (TopicSubjects.Subject subject : TopicSubjects.of(TopicCatalog.defaults(1, (short) 1))) {
      Schema generated = subject.schema();

      String json = PortableSchemas.toJson(generated);

      assertThat(json).as(subject.name()).doesNotContain("avro.java.string", "java-class");
      assertThat(SchemaNormalization.parsingFingerprint64(PortableSchemas.portable(generated)))
          .isEqualTo(SchemaNormalization.parsingFingerprint64(generated));
    }
  }

  @Test
  void shouldKeepOtherPropertiesAndLogicalTypes() {
    Schema schema =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":["
                    + "{\"name\":\"s\",\"type\":{\"type\":\"string\",\"avro.java.string\":\"String\"}},"
                    + "{\"name\":\"t\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"},"
                    + "\"x-owner\":\"ops\"}]}");

    String json = PortableSchemas.toJson(schema);

    assertThat(json)
        .doesNotContain("avro.java.string")
        .contains("\"logicalType\":\"timestamp-millis\"", "\"x-owner\":\"ops\"");
  }
}

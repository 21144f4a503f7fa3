package io.journeyline.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.Yaml;

/**
 * Offline validation of deployment files (docker-compose.yml, Kubernetes manifests) against the
 * JSON Schemas in {@code src/test/resources/deploy-schemas} (written in YAML), with networknt's
 * json-schema-validator (draft 2020-12).
 */
final class DeploySchemas {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DeploySchemas() {}

  /** The schema of a resource under {@code deploy-schemas/}. */
  static Schema schema(String resource) {
    try (InputStream in = DeploySchemas.class.getResourceAsStream("/deploy-schemas/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no schema " + resource);
      }
      Object tree = new Yaml().load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
          .getSchema(JSON.writeValueAsString(tree), InputFormat.JSON);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every YAML document of a file, as loaded by SnakeYAML (merge keys resolved). */
  static List<Object> documents(Path file) {
    try {
      List<Object> docs = new ArrayList<>();
      for (Object doc : new Yaml().loadAll(Files.readString(file))) {
        if (doc != null) {
          docs.add(doc);
        }
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The schema's complaints about one document, each naming where ("/spec/template/..."). */
  static List<String> errors(Schema schema, Object document) {
    try {
      List<String> out = new ArrayList<>();
      for (Error error : schema.validate(JSON.writeValueAsString(document), InputFormat.JSON)) {
        out.add(error.toString());
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

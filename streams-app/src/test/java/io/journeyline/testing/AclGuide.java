package io.journeyline.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs of the ACL guide ({@code docs/acls.md}), read from its {@code $ACLS ...} commands
 * ({@code kafka-acls.sh --add} options: {@code --allow-principal}, {@code --operation}, {@code
 * --topic}, {@code --group}, {@code --transactional-id}, {@code --resource-pattern-type}), so that
 * a test grants exactly what the guide tells an operator to grant.
 */
public final class AclGuide {

  /** The guide, from a module directory. */
  public static final Path PATH = Path.of("..", "docs", "acls.md");

  private AclGuide() {}

  /**
   * The ACLs of the first code block after the heading that starts with {@code heading} (for
   * example {@code "## Streams app"}).
   *
   * @throws IllegalStateException when the section, or a command in it, cannot be read
   */
  public static List<AclBinding> section(String heading) throws IOException {
    List<String> lines = Files.readAllLines(PATH);
    int at = 0;
    while (at < lines.size() && !lines.get(at).startsWith(heading)) {
      at++;
    }
    if (at == lines.size()) {
      throw new IllegalStateException(PATH + " has no section '" + heading + "'");
    }
    while (at < lines.size() && !lines.get(at).startsWith("```")) {
      at++;
    }
    List<String> commands = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (at++; at < lines.size() && !lines.get(at).startsWith("```"); at++) {
      String line = lines.get(at).trim();
      if (line.startsWith("#") || line.isEmpty()) {
        continue;
      }
      if (!line.startsWith("$ACLS") && current.length() == 0) {
        throw new IllegalStateException("not an $ACLS command in " + PATH + ": " + line);
      }
      boolean continued = line.endsWith("\\");
      current.append(' ').append(continued ? line.substring(0, line.length() - 1) : line);
      if (!continued) {
        commands.add(current.toString().trim());
        current.setLength(0);
      }
    }
    List<AclBinding> out = new ArrayList<>();
    commands.forEach(c -> out.addAll(parse(c)));
    return out;
  }

  private static List<AclBinding> parse(String command) {
    String[] words = command.split("\\s+");
    String principal = null;
    List<AclOperation> operations = new ArrayList<>();
    List<ResourcePattern> resources = new ArrayList<>();
    List<ResourceType> types = new ArrayList<>();
    List<String> names = new ArrayList<>();
    PatternType pattern = PatternType.LITERAL;
    for (int i = 1; i < words.length; i++) {
      String option = words[i];
      String value = i + 1 < words.length ? words[++i] : null;
      switch (option) {
        case "--allow-principal" -> principal = value;
        case "--operation" -> operations.add(operation(value));
        case "--topic" -> {
          types.add(ResourceType.TOPIC);
          names.add(value);
        }
        case "--group" -> {
          types.add(ResourceType.GROUP);
          names.add(value);
        }
        case "--transactional-id" -> {
          types.add(ResourceType.TRANSACTIONAL_ID);
          names.add(value);
        }
        case "--resource-pattern-type" -> {
          pattern = PatternType.fromString(value.toUpperCase(Locale.ROOT));
          if (pattern != PatternType.LITERAL && pattern != PatternType.PREFIXED) {
            throw new IllegalStateException("unknown pattern type " + value + " in " + command);
          }
        }
        default -> throw new IllegalStateException("unknown option " + option + " in " + command);
      }
    }
    if (principal == null || operations.isEmpty() || names.isEmpty()) {
      throw new IllegalStateException("incomplete command: " + command);
    }
    for (int i = 0; i < names.size(); i++) {
      resources.add(new ResourcePattern(types.get(i), names.get(i), pattern));
    }
    List<AclBinding> out = new ArrayList<>();
    for (ResourcePattern resource : resources) {
      for (AclOperation operation : operations) {
        out.add(
            new AclBinding(
                resource,
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
      }
    }
    return out;
  }

  /**
   * {@code DescribeConfigs} -> {@link AclOperation#DESCRIBE_CONFIGS}, as kafka-acls.sh reads it.
   */
  private static AclOperation operation(String name) {
    AclOperation op =
        AclOperation.fromString(
            name.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
    if (op == AclOperation.UNKNOWN) {
      throw new IllegalStateException("unknown operation " + name);
    }
    return op;
  }
}

package io.journeyline.serde;

import org.apache.avro.Schema;

/**
 * One version of a subject as the registry reports it.
 *
 * @param subject the subject
 * @param version the version within the subject
 * @param id the global schema id
 * @param schema the parsed schema
 */
public record SchemaMetadata(String subject, int version, int id, Schema schema) {}

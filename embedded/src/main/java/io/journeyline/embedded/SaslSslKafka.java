package io.journeyline.embedded;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a test class that uses {@link EmbeddedKafkaExtension}: its cluster is {@linkplain
 * EmbeddedKafkaCluster.Builder#saslSsl() secured} (SASL_SSL with SCRAM-SHA-512, a CA made for the
 * class, an authorizer that refuses what no ACL allows). The injected cluster's {@link
 * EmbeddedKafkaCluster#clientProperties()} and {@link EmbeddedKafkaCluster#admin()} act as a super
 * user; {@link EmbeddedKafkaCluster#createUser(String)} makes principals without rights.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SaslSslKafka {}

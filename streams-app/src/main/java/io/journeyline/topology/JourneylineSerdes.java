package io.journeyline.topology;

import io.journeyline.avro.Alert;
import io.journeyline.avro.ContactSummary;
import io.journeyline.avro.CustomerJourney;
import io.journeyline.avro.ErasureAudit;
import io.journeyline.avro.ErasureRequest;
import io.journeyline.avro.FcrAggregate;
import io.journeyline.avro.IdentityLink;
import io.journeyline.avro.MetricKey;
import io.journeyline.avro.RepeatContactAggregate;
import io.journeyline.avro.ResolvedIdentifier;
import io.journeyline.avro.SentimentAggregate;
import io.journeyline.avro.ServiceAggregate;
import io.journeyline.avro.SurveyAggregate;
import io.journeyline.avro.SurveyResponse;
import io.journeyline.avro.WrappedDataKey;
import io.journeyline.serde.SerdeFactory;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * The serdes of the public topics, handed to {@link JourneylineTopology#build} from outside so that
 * tests bind them to the embedded registry and production to the configured one.
 *
 * @param key keys of every topic except the metric topics (Avro {@code "string"})
 * @param interaction values of the interaction topics: a channel event or a {@code Heartbeat}
 * @param identityLink values of {@code journeyline.identities}
 * @param resolved values of {@code journeyline.identity-resolution}
 * @param contact values of {@code journeyline.contacts}
 * @param journey values of {@code journeyline.journeys}
 * @param alert values of {@code journeyline.alerts}
 * @param metricKey keys of the metric topics
 * @param fcr values of {@code journeyline.metrics.fcr}
 * @param sentiment values of {@code journeyline.metrics.sentiment}
 * @param repeat values of {@code journeyline.metrics.repeat-contacts}
 * @param service values of {@code journeyline.metrics.service}
 * @param surveys values of {@code journeyline.metrics.surveys}
 * @param survey values of {@code journeyline.surveys}
 * @param dataKey values of {@code journeyline.data-keys}
 * @param erasureRequest values of {@code journeyline.erasures}
 * @param erasureAudit values of {@code journeyline.erasure-audit}
 */
public record JourneylineSerdes(
    Serde<String> key,
    Serde<SpecificRecord> interaction,
    Serde<IdentityLink> identityLink,
    Serde<ResolvedIdentifier> resolved,
    Serde<ContactSummary> contact,
    Serde<CustomerJourney> journey,
    Serde<Alert> alert,
    Serde<MetricKey> metricKey,
    Serde<FcrAggregate> fcr,
    Serde<SentimentAggregate> sentiment,
    Serde<RepeatContactAggregate> repeat,
    Serde<ServiceAggregate> service,
    Serde<SurveyAggregate> surveys,
    Serde<SurveyResponse> survey,
    Serde<WrappedDataKey> dataKey,
    Serde<ErasureRequest> erasureRequest,
    Serde<ErasureAudit> erasureAudit) {

  /**
   * Serdes from configuration (see {@link SerdeFactory}: the serde classes and the registry
   * settings, e.g. {@code journeyline.schema-registry.schema.registry.url}).
   */
  public static JourneylineSerdes fromConfig(Map<String, ?> config) {
    SerdeFactory factory = new SerdeFactory(config);
    return new JourneylineSerdes(
        factory.keySerde(String.class),
        factory.valueSerde(SpecificRecord.class),
        factory.valueSerde(IdentityLink.class),
        factory.valueSerde(ResolvedIdentifier.class),
        factory.valueSerde(ContactSummary.class),
        factory.valueSerde(CustomerJourney.class),
        factory.valueSerde(Alert.class),
        factory.specificSerde(MetricKey.class, true),
        factory.valueSerde(FcrAggregate.class),
        factory.valueSerde(SentimentAggregate.class),
        factory.valueSerde(RepeatContactAggregate.class),
        factory.valueSerde(ServiceAggregate.class),
        factory.valueSerde(SurveyAggregate.class),
        factory.valueSerde(SurveyResponse.class),
        factory.valueSerde(WrappedDataKey.class),
        factory.valueSerde(ErasureRequest.class),
        factory.valueSerde(ErasureAudit.class));
  }
}

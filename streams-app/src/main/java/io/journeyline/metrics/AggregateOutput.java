package io.journeyline.metrics;

import io.journeyline.avro.FcrAggregate;
import io.journeyline.avro.RepeatContactAggregate;
import io.journeyline.avro.SentimentAggregate;
import io.journeyline.avro.ServiceAggregate;
import io.journeyline.avro.SurveyAggregate;

/**
 * What the {@code aggregate} processor emits; exactly one is set.
 *
 * @param fcr an FCR aggregate
 * @param sentiment a sentiment aggregate
 * @param repeat a repeat-contact aggregate
 * @param service an operational aggregate
 * @param surveys a survey aggregate
 */
public record AggregateOutput(
    FcrAggregate fcr,
    SentimentAggregate sentiment,
    RepeatContactAggregate repeat,
    ServiceAggregate service,
    SurveyAggregate surveys) {}

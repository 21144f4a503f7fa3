package io.journeyline.metrics;

import io.journeyline.avro.FcrAggregate;
import io.journeyline.avro.RepeatContactAggregate;
import io.journeyline.avro.SentimentAggregate;

/**
 * What the {@code aggregate} processor emits; exactly one of the three is set.
 *
 * @param fcr an FCR aggregate
 * @param sentiment a sentiment aggregate
 * @param repeat a repeat-contact aggregate
 */
public record AggregateOutput(
    FcrAggregate fcr, SentimentAggregate sentiment, RepeatContactAggregate repeat) {}

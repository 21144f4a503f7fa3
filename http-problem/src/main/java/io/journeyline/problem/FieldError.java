package io.journeyline.problem;

/**
 * One invalid field of one item of a request.
 *
 * @param index the item's position in the batch (0 for a single object; null when the error is not
 *     about one item)
 * @param field the field's path, e.g. {@code customer.phone}
 * @param message what is wrong, never echoing the submitted value
 */
public record FieldError(Integer index, String field, String message) {}

package care.neighbourhood.portal.audit;

/**
 * A problem with what the officer entered, shown in the error summary (linking to the field) and next
 * to the field.
 *
 * @param fieldId the id of the input the message is about
 * @param message what to do, e.g. "Enter an NHS number with 10 digits"
 */
public record FormError(String fieldId, String message) {}

package care.neighbourhood.portal.audit;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/** A date typed into a report's form ({@code yyyy-mm-dd}, as date inputs send it), or its default. */
final class DateField {

    private DateField() {}

    /**
     * The date entered, the default when nothing was entered, or {@code null} with an error added.
     *
     * @param fieldId the input's id, for the error summary's link
     * @param label the field's name in messages, e.g. "start date"
     */
    static LocalDate read(String typed, LocalDate fallback, String fieldId, String label, List<FormError> errors) {
        if (typed == null || typed.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(typed.strip());
        } catch (DateTimeParseException e) {
            errors.add(new FormError(fieldId, "Enter the " + label + " as a real date, for example 2026-11-01"));
            return null;
        }
    }
}

package care.neighbourhood.fhirserver.access;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a demographic look-up asks: an exact NHS number, or an exact family name and date of birth
 * (with a given name to narrow it). Nothing that could fish: no partial dates, no wildcards, no
 * modifiers, no other parameter (so no {@code _include}, {@code _elements}, {@code _summary} or
 * {@code _contained}); anything else is a 400 naming what is wrong.
 *
 * @param nhsNumber ten digits with a valid check digit, or null
 * @param family the family name, or null
 * @param given a given name, or null
 * @param birthDate the date of birth, or null
 */
public record DemographicQuery(String nhsNumber, String family, String given, LocalDate birthDate) {

    /** The parameters of the look-up; {@code _format} and {@code _pretty} only change how it is written. */
    public static final Set<String> PARAMETERS = Set.of("identifier", "family", "given", "birthdate");

    private static final Set<String> PRESENTATION = Set.of("_format", "_pretty");
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{M}][\\p{L}\\p{M} '’.-]{0,99}");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern NHS_NUMBER = Pattern.compile("\\d{10}");

    /**
     * The query from the request's parameters (URL, form or a Parameters body, as one map of name to
     * values), refusing anything it does not understand.
     */
    public static DemographicQuery from(Map<String, String[]> parameters, LocalDate today) {
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            if (PRESENTATION.contains(name)) {
                continue;
            }
            if (!PARAMETERS.contains(name)) {
                throw new InvalidRequestException("The demographic look-up does not take the parameter '" + name
                        + "': give identifier, or family and birthdate (and given).");
            }
            if (parameter.getValue() == null || parameter.getValue().length != 1) {
                throw new InvalidRequestException("Give the parameter '" + name + "' once.");
            }
        }
        String identifier = single(parameters, "identifier");
        String family = single(parameters, "family");
        String given = single(parameters, "given");
        String birthdate = single(parameters, "birthdate");
        if (identifier != null) {
            if (family != null || given != null || birthdate != null) {
                throw new InvalidRequestException(
                        "Look a person up by identifier alone, or by family and birthdate, not both.");
            }
            return new DemographicQuery(nhsNumberOf(identifier), null, null, null);
        }
        if (family == null || birthdate == null) {
            throw new InvalidRequestException(
                    "Give identifier (an NHS number), or both family and birthdate for the demographic look-up.");
        }
        return new DemographicQuery(
                null,
                name("family", family),
                given == null ? null : name("given", given),
                dateOfBirth(birthdate, today));
    }

    public boolean byNhsNumber() {
        return nhsNumber != null;
    }

    private static String single(Map<String, String[]> parameters, String name) {
        String[] values = parameters.get(name);
        if (values == null || values.length == 0) {
            return null;
        }
        String value = values[0] == null ? "" : values[0].strip();
        if (value.isEmpty()) {
            throw new InvalidRequestException("The parameter '" + name + "' is empty.");
        }
        return value;
    }

    private static String nhsNumberOf(String identifier) {
        String prefix = Demographics.NHS_NUMBER_SYSTEM + "|";
        if (!identifier.startsWith(prefix)) {
            throw new InvalidRequestException(
                    "The identifier must be an NHS number: " + prefix + " followed by its ten digits.");
        }
        String digits = identifier.substring(prefix.length()).replace(" ", "");
        if (!NHS_NUMBER.matcher(digits).matches() || !hasValidCheckDigit(digits)) {
            throw new InvalidRequestException("The identifier is not a valid NHS number (ten digits, modulus 11).");
        }
        return digits;
    }

    /** The NHS number's tenth digit is its modulus 11 check digit. */
    static boolean hasValidCheckDigit(String digits) {
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (digits.charAt(i) - '0') * (10 - i);
        }
        int check = 11 - sum % 11;
        if (check == 11) {
            check = 0;
        }
        return check != 10 && check == digits.charAt(9) - '0';
    }

    private static String name(String parameter, String value) {
        if (!NAME.matcher(value).matches()) {
            throw new InvalidRequestException("The parameter '" + parameter
                    + "' must be a whole name: letters, spaces, hyphens and apostrophes, no wildcards.");
        }
        return value;
    }

    private static LocalDate dateOfBirth(String value, LocalDate today) {
        if (!DATE.matcher(value).matches()) {
            throw new InvalidRequestException("The parameter 'birthdate' must be a whole date, YYYY-MM-DD,"
                    + " with no prefix: the look-up matches one day exactly.");
        }
        try {
            LocalDate date = LocalDate.parse(value);
            if (date.isAfter(today)) {
                throw new InvalidRequestException("The parameter 'birthdate' is in the future.");
            }
            return date;
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("The parameter 'birthdate' is not a date.");
        }
    }
}

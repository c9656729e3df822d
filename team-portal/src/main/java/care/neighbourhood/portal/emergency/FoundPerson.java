package care.neighbourhood.portal.emergency;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A person the demographic look-up found: no more than the server tells (name, date of birth, NHS
 * number), their id, and whether they are on the user's caseload.
 */
public record FoundPerson(String id, String name, LocalDate birthDate, String nhsNumber, boolean onCaseload)
        implements Serializable {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

    /** {@code 999 407 7333}. */
    public String nhsNumberForDisplay() {
        if (nhsNumber == null || nhsNumber.length() != 10) {
            return nhsNumber == null ? "Not recorded" : nhsNumber;
        }
        return nhsNumber.substring(0, 3) + " " + nhsNumber.substring(3, 6) + " " + nhsNumber.substring(6);
    }

    /** {@code 29 January 1936}. */
    public String birthDateForDisplay() {
        return birthDate == null ? "Not recorded" : DATE.format(birthDate);
    }
}

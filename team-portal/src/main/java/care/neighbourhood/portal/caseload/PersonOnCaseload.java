package care.neighbourhood.portal.caseload;

import java.util.List;

/**
 * One row of the caseload.
 *
 * @param patientId the Patient's resource id
 * @param name the name as shown, family name first ({@code ELLIS, Margaret})
 * @param age age in whole years today, or {@code null} when the date of birth is not recorded
 * @param nhsNumber the 10-digit NHS number without spaces, or {@code null}
 * @param organisations names of the organisations in the person's care team, sorted
 * @param openTasks tasks for the person that are not yet completed, cancelled or failed
 */
public record PersonOnCaseload(
        String patientId, String name, Integer age, String nhsNumber, List<String> organisations, int openTasks) {

    public PersonOnCaseload {
        organisations = List.copyOf(organisations);
    }

    /** The NHS number in the 3-3-4 groups the NHS asks services to display, e.g. {@code 999 000 0001}. */
    public String nhsNumberForDisplay() {
        if (nhsNumber == null || nhsNumber.length() != 10) {
            return nhsNumber;
        }
        return nhsNumber.substring(0, 3) + " " + nhsNumber.substring(3, 6) + " " + nhsNumber.substring(6);
    }
}

package care.neighbourhood.portal.caseload;

/**
 * One row of the caseload.
 *
 * @param patientId the Patient's resource id, for the link to the person's page
 * @param name the name as shown in lists, family name first ({@code ELLIS, Margaret})
 * @param age age in whole years today, or {@code null} when the date of birth is not recorded
 * @param nhsNumber the 10-digit NHS number without spaces, or {@code null}
 * @param openTasks tasks for the person that someone still has to act on
 * @param overdueTasks open tasks whose due date has passed
 * @param unclaimedTasks open tasks that no person has taken on: no owner, or an organisation
 */
public record PersonOnCaseload(
        String patientId,
        String name,
        Integer age,
        String nhsNumber,
        int openTasks,
        int overdueTasks,
        int unclaimedTasks) {

    /** The NHS number in the 3-3-4 groups the NHS asks services to display, e.g. {@code 999 000 0001}. */
    public String nhsNumberForDisplay() {
        if (nhsNumber == null || nhsNumber.length() != 10) {
            return nhsNumber;
        }
        return nhsNumber.substring(0, 3) + " " + nhsNumber.substring(3, 6) + " " + nhsNumber.substring(6);
    }
}

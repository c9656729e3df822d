package care.neighbourhood.portal.system;

/**
 * Who the page header says is signed in, and which sections its navigation offers them.
 *
 * @param displayName e.g. {@code Nina Patel}
 * @param organisationName e.g. {@code Northbank Community Health Trust}, the organisation code when
 *     the name cannot be looked up, or {@code null}
 * @param caseload whether the navigation links to the caseload
 * @param auditReports whether the navigation links to the audit reports (information-governance officers)
 * @param directory whether the navigation links to the directory (workspace administrators)
 * @param ownRecord whether the navigation offers a person's own pages (people and their carers)
 * @param person whether the navigation offers the pages only the person uses (their sharing choices)
 */
public record SignedInUser(
        String displayName,
        String organisationName,
        boolean caseload,
        boolean auditReports,
        boolean directory,
        boolean ownRecord,
        boolean person) {

    /** A user whose roles are not known: the navigation offers the caseload only. */
    static SignedInUser withoutRoles(String displayName, String organisationName) {
        return new SignedInUser(displayName, organisationName, true, false, false, false, false);
    }
}

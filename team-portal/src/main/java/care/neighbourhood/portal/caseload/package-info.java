/**
 * The caseload: the people whose active care team includes the signed-in user or their organisation,
 * with the organisations involved and their open tasks. The controller renders view records that a
 * {@link care.neighbourhood.portal.caseload.CaseloadService} supplies; where the data comes from is
 * not this package's concern.
 */
package care.neighbourhood.portal.caseload;

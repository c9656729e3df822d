/**
 * The caseload: everyone the shared care record lets the signed-in user see (their care teams and
 * the people referred to them or their organisation), with open, overdue and unclaimed task counts,
 * filters, an order and pages. The controller renders view records that a {@link
 * care.neighbourhood.portal.caseload.CaseloadService} supplies; where the data comes from is not this
 * package's concern.
 */
package care.neighbourhood.portal.caseload;

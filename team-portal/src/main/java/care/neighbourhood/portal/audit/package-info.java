/**
 * The information-governance audit reports: who saw a person's record and why, accesses across sector
 * boundaries, denied accesses, the break-glass review queue and the data-sharing agreement in force,
 * each with a CSV export. Only officers with the realm role {@code ig-officer} are shown them; the
 * FHIR server decides independently who may read the audit trail. The controllers render view records
 * that {@link care.neighbourhood.portal.audit.AuditTrail}, {@link
 * care.neighbourhood.portal.audit.BreakGlassReviews} and {@link
 * care.neighbourhood.portal.audit.SharingAgreements} supply.
 */
package care.neighbourhood.portal.audit;

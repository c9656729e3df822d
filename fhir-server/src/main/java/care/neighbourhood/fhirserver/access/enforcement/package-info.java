/**
 * The FHIR endpoint's enforcement of the access policy, as HAPI hooks: {@code WayInGate} admits only
 * the interactions and operations classified in {@code WaysIn}; {@code SearchNarrowing} narrows every
 * search in the query itself (by the caseload's ids, or, for large caseloads, by a subquery over chain over the care access
 * index for large caseloads); {@code DisclosureFilter} asks the policy about every record shown;
 * {@code RecordChangeGuard} about every write as it is stored.
 */
package care.neighbourhood.fhirserver.access.enforcement;

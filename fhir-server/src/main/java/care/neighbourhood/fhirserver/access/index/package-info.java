/**
 * The care access index: small internal {@code Basic} entries, one per person and practitioner or
 * organisation with a care relationship, recomputed in the same transaction as every change to a
 * person's CareTeams and Tasks, swept for periods that start or end and grants that run out, and
 * versioned so that caseloads kept between requests are used only while still true (ADR 0002).
 */
package care.neighbourhood.fhirserver.access.index;

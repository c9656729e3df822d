/**
 * The team's working views: every Task's and Patient's latest state kept in plain tables
 * ({@link WorklistTable}, {@link CaseloadTable}) in the same transaction as the record's write, so that
 * {@code Task/$worklist} and {@code Patient/$caseload} can filter, count, order and page a caseload's
 * open Tasks and people inside the database, narrowed by the care access table, and show only the
 * page asked for, each record judged and audited like any read.
 */
package care.neighbourhood.fhirserver.worklist;

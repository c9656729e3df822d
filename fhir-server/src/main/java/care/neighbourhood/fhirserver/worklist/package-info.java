/**
 * The team's worklist: every Task's latest state kept in one plain table ({@link WorklistTable}), in
 * the same transaction as the Task's write, so that {@code Task/$worklist} can filter, count, order
 * and page a caseload's open Tasks inside the database, narrowed by the care access table, and show
 * only the page asked for, each Task judged and audited like any read.
 */
package care.neighbourhood.fhirserver.worklist;

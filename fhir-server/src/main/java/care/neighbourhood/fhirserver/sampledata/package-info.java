/**
 * Loads the sample neighbourhood ({@code config/sample-data}) at start-up: organisations, staff and
 * people with their care teams, plans and tasks. Loading is idempotent.
 */
package care.neighbourhood.fhirserver.sampledata;

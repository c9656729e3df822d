/**
 * Who may see and change which person's record. A {@link Caller} is built from the access token and
 * nothing else; the {@link CareAccessIndex} records which practitioners and organisations have a care
 * relationship with which person (from active CareTeam participation and open Tasks they own); the
 * enforcement hooks narrow every search in the query itself, check every resource shown and every
 * write.
 *
 * <p>Status: the caller, the care access index (maintained on every write, swept for period
 * boundaries) and the caseload lookup are live. The read and write rules ({@link RecordAccessRules},
 * {@link RecordChangeRules}) are not registered on the endpoint yet: narrowing a search of a type
 * other than Patient by a forward chain into a reverse chain ({@code patient._has:Basic:...}) finds
 * nothing on HAPI 8.8, so those searches need another narrowing mechanism first. Narrowing Patient
 * searches by {@code _has:Basic:subject:author} works.
 */
package care.neighbourhood.fhirserver.access;

/**
 * Who may see and change which person's record. A {@link Caller} is built from the access token and
 * nothing else; the {@link CareAccessIndex} records which practitioners and organisations have a care
 * relationship with which person (from active CareTeam participation and open Tasks they own); the
 * enforcement hooks narrow every search in the query itself, check every resource shown and every
 * write.
 *
 * <p>A search is narrowed by the ids of the caller's caseload when it holds up to
 * {@code workspace.access.max-listed-people} people, and otherwise by the reverse chain
 * {@code _has:Basic:subject:author=...} (Patient) or its chained form
 * {@code patient._has:Basic:subject:author=...} (other person-linked types), which is correct but
 * slower (ADR 0002). A read of one record looks up the relationship with its person alone.
 */
package care.neighbourhood.fhirserver.access;

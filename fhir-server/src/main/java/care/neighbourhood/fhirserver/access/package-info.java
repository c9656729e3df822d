/**
 * Who may see and change which person's record. A {@link Caller} is built from the access token and
 * nothing else; the {@link CareAccessIndex} records which practitioners and organisations have a care
 * relationship with which person (from active CareTeam participation and open Tasks they own); the
 * enforcement hooks narrow every search in the query itself, check every resource shown and every
 * write.
 *
 * <p>Searches of Patient are narrowed with {@code _has:Basic:subject:author=...}; searches of other
 * person-linked types with the chained form {@code patient._has:Basic:subject:author=...}. Both are
 * one subquery over HAPI's reference index, whatever the size of the caseload.
 */
package care.neighbourhood.fhirserver.access;

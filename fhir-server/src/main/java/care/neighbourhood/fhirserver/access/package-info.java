/**
 * Who may see and change which person's record, decided in one place: the {@link
 * care.neighbourhood.fhirserver.access.AccessPolicy}. It takes a {@link
 * care.neighbourhood.fhirserver.access.Caller} (in an {@link
 * care.neighbourhood.fhirserver.access.AccessContext}) and a record, and answers show, withhold or
 * hide, allow or refuse, with the {@link care.neighbourhood.fhirserver.access.AccessBasis} behind it. It
 * takes no HTTP request, so subscription delivery, export, the portal and the person's own view ask it
 * the same way as the FHIR endpoint does.
 *
 * <ul>
 *   <li>{@code index}: the care access index, which practitioners and organisations have a care
 *       relationship with which person (active CareTeam participation, open Tasks they own,
 *       break-glass grants), kept in step with every write;
 *   <li>{@code enforcement}: the FHIR endpoint's hooks, which admit only the ways in classified in
 *       {@code WaysIn}, narrow every search in the query itself, and ask the policy about every
 *       record shown and every write.
 * </ul>
 */
package care.neighbourhood.fhirserver.access;

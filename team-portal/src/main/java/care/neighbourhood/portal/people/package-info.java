/**
 * The person's page: the header with key contacts, the Individual Plan (read-only), the care team,
 * open tasks, what is withheld from the user and why, and "Why can I see this?". The controller
 * renders view records that {@link care.neighbourhood.portal.people.PersonRecords} supplies; where the
 * data comes from is not this package's concern.
 */
package care.neighbourhood.portal.people;

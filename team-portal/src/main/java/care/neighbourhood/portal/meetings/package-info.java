/**
 * Team meetings ({@code /meetings}): a multidisciplinary team meeting scheduled with its attendees
 * and an agenda of people, the discussion of each person recorded with the decisions taken, every
 * decision an owned Task, all of a meeting's decisions made in one transaction, and a summary to
 * print. What an attendee sees of the agenda follows the server's access rules.
 */
package care.neighbourhood.portal.meetings;

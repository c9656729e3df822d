package care.neighbourhood.portal.audit;

import java.time.Instant;

/**
 * One request to the shared record, as its audit event tells it. Anything the event does not record
 * is an empty string (and {@code when} is {@code null}), never a failure.
 *
 * @param when when the server decided
 * @param who the user's login name or the system's client id
 * @param whoReference the user's {@code Practitioner/...} reference, if any
 * @param organisation the name (or code) of the organisation the user acted for
 * @param role the user's roles, comma-separated
 * @param interaction what was done: {@code read}, {@code search-type}, {@code operation}, ...
 * @param resource the resource the request named, e.g. {@code Patient/123}
 * @param query the query of a search or operation, readable
 * @param accessBasis why the user could see the person's record (care team, task, break-glass, ...)
 * @param purpose the purpose of use: {@code TREAT}, {@code CAREMGT}, {@code BTG}, {@code HCOMPL}
 * @param outcome {@code Success}, {@code Refused} or {@code Server failure}
 * @param outcomeDescription the HTTP status and reason, e.g. {@code 403 Access denied}
 */
public record RecordedAccess(
        Instant when,
        String who,
        String whoReference,
        String organisation,
        String role,
        String interaction,
        String resource,
        String query,
        String accessBasis,
        String purpose,
        String outcome,
        String outcomeDescription) {

    public RecordedAccess {
        who = blankIfNull(who);
        whoReference = blankIfNull(whoReference);
        organisation = blankIfNull(organisation);
        role = blankIfNull(role);
        interaction = blankIfNull(interaction);
        resource = blankIfNull(resource);
        query = blankIfNull(query);
        accessBasis = blankIfNull(accessBasis);
        purpose = blankIfNull(purpose);
        outcome = blankIfNull(outcome);
        outcomeDescription = blankIfNull(outcomeDescription);
    }

    /** What was asked: the interaction with the resource, or with the query when no resource is named. */
    public String what() {
        String target = resource.isEmpty() ? query : resource;
        if (interaction.isEmpty()) {
            return target;
        }
        return target.isEmpty() ? interaction : interaction + " " + target;
    }

    /** The outcome with its description, e.g. {@code Refused (403 Access denied)}. */
    public String outcomeInFull() {
        if (outcomeDescription.isEmpty()) {
            return outcome;
        }
        return outcome.isEmpty() ? outcomeDescription : outcome + " (" + outcomeDescription + ")";
    }

    private static String blankIfNull(String value) {
        return value == null ? "" : value.strip();
    }
}

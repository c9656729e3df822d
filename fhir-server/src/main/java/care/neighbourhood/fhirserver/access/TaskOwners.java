package care.neighbourhood.fhirserver.access;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.ReferenceParam;
import care.neighbourhood.fhirserver.record.InternalSearches;
import java.util.Objects;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * Who a Task may be given to. The owner of an open Task gains a care relationship with its person,
 * so naming an owner is a way of sharing the person's record, and it is kept to the ways a team
 * works: a Task is handed to an organisation of the neighbourhood (a referral, which the receiving
 * organisation triages), taken by the caller, given to a colleague (a practitioner with a role at the
 * caller's organisation), or sent back to whoever asked for it. Naming any other practitioner, or a
 * role or team, is refused; a Task whose owner does not change is not judged again.
 */
@Component
class TaskOwners {

    private final DaoRegistry daos;

    TaskOwners(DaoRegistry daos) {
        this.daos = daos;
    }

    /** Why the caller may not give the Task to its proposed owner; null if they may. */
    String refusalToAssign(Caller caller, IBaseResource previous, IBaseResource proposed) {
        if (!(proposed instanceof Task task)
                || !task.hasOwner()
                || !task.getOwner().hasReference()) {
            return null;
        }
        String owner = task.getOwner().getReference();
        if (previous instanceof Task before && owner.equals(before.getOwner().getReference())) {
            return null;
        }
        String type = owner.contains("/") ? owner.substring(0, owner.indexOf('/')) : "";
        boolean allowed = switch (type) {
            case "Organization" -> true;
            case "Practitioner" ->
                owner.equals(caller.practitioner())
                        || owner.equals(requesterOf(task))
                        || (previous instanceof Task before && owner.equals(requesterOf(before)))
                        || worksAt(owner, caller.organisationReference());
            default -> false;
        };
        return allowed
                ? null
                : "a Task is handed to an organisation, or given to the caller, a colleague at their organisation"
                        + " or whoever asked for it; not to " + owner;
    }

    private static String requesterOf(Task task) {
        return task.hasRequester() ? task.getRequester().getReference() : null;
    }

    /** The practitioner holds a role at the organisation, as the directory says. */
    private boolean worksAt(String practitioner, String organisation) {
        if (organisation == null) {
            return false;
        }
        SearchParameterMap roles = new SearchParameterMap()
                .add("practitioner", new ReferenceParam(practitioner))
                .add("organization", new ReferenceParam(organisation));
        return InternalSearches.all(daos.getResourceDao("PractitionerRole"), roles).stream()
                .anyMatch(Objects::nonNull);
    }
}

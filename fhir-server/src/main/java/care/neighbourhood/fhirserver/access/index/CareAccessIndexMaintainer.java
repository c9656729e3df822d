package care.neighbourhood.fhirserver.access.index;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.LinkedHashSet;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;

/**
 * Keeps the care access index in step with every write of a CareTeam or Task, whoever makes it
 * (the API, a transaction, the sample loader), just before the write commits and in its transaction:
 * each person a transaction wrote about is recomputed once ({@link PendingRecomputes}). A change that
 * calls for the same entries as before (a Task moving from requested to in-progress) changes none.
 * Registered on the storage interceptor service, so no write path goes around it. Every write of a
 * Consent also moves the {@link ConsentsVersion}, which tells kept consents they are stale.
 */
@Component
public class CareAccessIndexMaintainer {

    private final CareAccessEntries index;
    private final ConsentsVersion consentsVersion;
    private final OneFlush oneFlush;

    public CareAccessIndexMaintainer(CareAccessEntries index, ConsentsVersion consentsVersion, OneFlush oneFlush) {
        this.index = index;
        this.consentsVersion = consentsVersion;
        this.oneFlush = oneFlush;
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void created(IBaseResource resource, RequestDetails request) {
        noteConsentChange(resource);
        if (relevant(resource)) {
            recompute(Set.of(), resource, null, true, request);
        }
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource current, RequestDetails request) {
        noteConsentChange(current);
        if (relevant(current) && !index.sameEntries(previous, current)) {
            Set<String> before = new LinkedHashSet<>();
            String previousPerson = CareAccessEntries.personOf(previous);
            if (previousPerson != null) {
                before.add(previousPerson);
            }
            recompute(before, current, null, false, request);
        }
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
    public void deleted(IBaseResource resource, RequestDetails request) {
        noteConsentChange(resource);
        if (relevant(resource)) {
            String person = CareAccessEntries.personOf(resource);
            if (person != null) {
                PendingRecomputes.note(
                        index,
                        oneFlush,
                        idOf(person),
                        null,
                        resource.getIdElement().toUnqualifiedVersionless().getValue(),
                        false,
                        request);
            }
        }
    }

    private void recompute(
            Set<String> otherPeople, IBaseResource changed, String removedId, boolean created, RequestDetails request) {
        Set<String> people = new LinkedHashSet<>(otherPeople);
        String person = CareAccessEntries.personOf(changed);
        if (person != null) {
            people.add(person);
        }
        people.forEach(p -> PendingRecomputes.note(index, oneFlush, idOf(p), changed, removedId, created, request));
    }

    /** A Consent written, whoever wrote it: consents kept before are out of date. */
    private void noteConsentChange(IBaseResource resource) {
        if ("Consent".equals(resource.fhirType())) {
            consentsVersion.changed();
        }
    }

    private static boolean relevant(IBaseResource resource) {
        String type = resource.fhirType();
        return "CareTeam".equals(type) || "Task".equals(type);
    }

    private static String idOf(String personReference) {
        return personReference.substring(personReference.indexOf('/') + 1);
    }
}

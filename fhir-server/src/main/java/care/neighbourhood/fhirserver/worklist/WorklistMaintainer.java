package care.neighbourhood.fhirserver.worklist;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import care.neighbourhood.fhirserver.access.SharingAgreement;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * Keeps the worklist's row of every Task and the caseload list's row of every Patient written, whoever writes it (the API, a transaction, the
 * sample loader), just before the write commits and in its transaction. Registered on the storage
 * interceptor service, so no write path goes around it.
 */
@Component
public class WorklistMaintainer {

    private final WorklistTable table;
    private final CaseloadTable people;
    private final SharingAgreement agreement;

    public WorklistMaintainer(WorklistTable table, CaseloadTable people, SharingAgreement agreement) {
        this.table = table;
        this.people = people;
        this.agreement = agreement;
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void created(IBaseResource resource) {
        keep(resource);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource current) {
        keep(current);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
    public void deleted(IBaseResource resource) {
        if (resource instanceof Task task) {
            table.write(WorklistRow.deleted(task));
        } else if (resource instanceof Patient patient) {
            people.write(CaseloadPerson.deleted(patient));
        }
    }

    void keep(IBaseResource resource) {
        if (resource instanceof Task task) {
            table.write(rowOf(task));
        } else if (resource instanceof Patient patient) {
            people.write(CaseloadPerson.of(patient));
        }
    }

    WorklistRow rowOf(Task task) {
        return WorklistRow.of(task, agreement::isRestricted);
    }

    /**
     * What the rows depend on beyond the records: the tables' shape and the agreement's restricted
     * labels (the worklist's {@code restricted} flags). When it changes, the tables are filled again.
     */
    String restrictedLabels() {
        return "tasks with their requesters, times and people; "
                + agreement.restricted().labels().stream()
                        .map(label -> label.system() + "|" + label.code())
                        .sorted()
                        .reduce((a, b) -> a + " " + b)
                        .orElse("");
    }
}

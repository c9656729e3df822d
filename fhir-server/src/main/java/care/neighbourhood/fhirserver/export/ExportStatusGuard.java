package care.neighbourhood.fhirserver.export;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.batch2.model.JobInstance;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import care.neighbourhood.fhirserver.access.AccessContext;
import care.neighbourhood.fhirserver.access.AccessContexts;
import care.neighbourhood.fhirserver.access.AccessDenied;
import care.neighbourhood.fhirserver.access.Caller;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * An export's status (and with it the list of its files, and cancelling it) is for its requester
 * alone: {@code $export-poll-status} for a job someone else asked for is refused, and one for a job
 * that does not exist is answered 404, before HAPI looks at it.
 */
@Component
public class ExportStatusGuard {

    static final String POLL_STATUS = "$export-poll-status";

    private final AccessContexts contexts;
    private final IJobCoordinator jobs;

    public ExportStatusGuard(AccessContexts contexts, IJobCoordinator jobs) {
        this.contexts = contexts;
        this.jobs = jobs;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void check(RequestDetails request) {
        if (!POLL_STATUS.equals(request.getOperation())) {
            return;
        }
        Optional<AccessContext> context = contexts.of(request);
        if (context.isEmpty()) {
            return;
        }
        String[] jobId = request.getParameters().get("_jobId");
        if (jobId == null || jobId.length != 1 || jobId[0].isBlank()) {
            throw new InvalidRequestException("Give the export's job id as _jobId, as in the Content-Location"
                    + " the export was answered with.");
        }
        JobInstance job;
        try {
            job = jobs.getInstance(jobId[0]);
        } catch (ResourceNotFoundException e) {
            throw new ResourceNotFoundException("There is no export job " + jobId[0] + ".");
        }
        Caller caller = context.get().caller();
        Optional<Caller> requester = ExportRequester.of(job.getParameters(BulkExportJobParameters.class));
        boolean theirs = requester.isPresent()
                && caller.subject() != null
                && caller.subject().equals(requester.get().subject());
        if (!theirs) {
            throw AccessDenied.because(caller.username() + " asked for the status of export job " + jobId[0]
                    + ", which someone else asked for");
        }
    }
}

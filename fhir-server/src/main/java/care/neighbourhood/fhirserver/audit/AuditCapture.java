package care.neighbourhood.fhirserver.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.sql.SQLException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records one AuditEvent for every request to the FHIR endpoint, before its response is sent.
 *
 * <ul>
 *   <li>The people a response shows are collected as HAPI shows them, after the access rules have
 *       removed what the caller may not see; the people a request writes, as it writes them.
 *   <li>A request that writes commits its record in the write's own transaction, just before the
 *       commit; every other request commits it through the {@link AuditWriter} (group commit) when its
 *       response or error is about to be written.
 *   <li>Should a request finish without either (an unforeseen path), the record is written then,
 *       and the gap is logged.
 * </ul>
 */
@Component
public class AuditCapture {

    private static final Logger log = LoggerFactory.getLogger(AuditCapture.class);
    private static final String RECORDED_KEY = AuditCapture.class.getName() + ".recorded";
    /**
     * Marks a request that describes the API and touches no record (its OpenAPI description and
     * Swagger UI), answered before any of the hooks here run: it is not audited.
     */
    public static final String ABOUT_THE_API_ONLY = AuditCapture.class.getName() + ".aboutTheApiOnly";

    private static final String IN_TRANSACTION_KEY = AuditCapture.class.getName() + ".inTransaction";
    private static final String CREATED_KEY = AuditCapture.class.getName() + ".created";

    private final ConcernedPeople people;
    private final AuditRecords records;
    private final AuditWriter writer;
    private final AuditStore store;
    private final RecordsOnTheWay onTheWay;
    private final java.util.concurrent.atomic.AtomicLong recordedAfterTheResponse =
            new java.util.concurrent.atomic.AtomicLong();

    public AuditCapture(
            ConcernedPeople people,
            AuditRecords records,
            AuditWriter writer,
            AuditStore store,
            RecordsOnTheWay onTheWay) {
        this.people = people;
        this.records = records;
        this.writer = writer;
        this.store = store;
        this.onTheWay = onTheWay;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void requestUnderWay(RequestDetails request) {
        if (isApiRequest(request)) {
            onTheWay.expect(request);
        }
    }

    // --- what a request shows and writes ---------------------------------------------------------

    @Hook(Pointcut.STORAGE_PRESHOW_RESOURCES)
    public void noteShown(IPreResourceShowDetails shown, RequestDetails request) {
        if (!isApiRequest(request)) {
            return;
        }
        for (int i = 0; i < shown.size(); i++) {
            IBaseResource resource = shown.getResource(i);
            if (resource != null) {
                people.note(request, resource);
            }
        }
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void noteCreated(IBaseResource resource, RequestDetails request) {
        if (isApiRequest(request)) {
            request.getUserData().put(CREATED_KEY, Boolean.TRUE);
            noteWritten(request, resource);
        }
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void noteUpdated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        if (isApiRequest(request)) {
            noteWritten(request, resource);
        }
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
    public void noteDeleted(IBaseResource resource, RequestDetails request) {
        if (isApiRequest(request)) {
            noteWritten(request, resource);
        }
    }

    private void noteWritten(RequestDetails request, IBaseResource resource) {
        people.note(request, resource);
        // A batch commits each entry on its own: its one record goes through the writer instead.
        if (request.getRestOperationType() == RestOperationTypeEnum.BATCH
                || !TransactionSynchronizationManager.isSynchronizationActive()
                || request.getUserData().containsKey(IN_TRANSACTION_KEY)
                || request.getUserData().containsKey(RECORDED_KEY)) {
            return;
        }
        request.getUserData().put(IN_TRANSACTION_KEY, Boolean.TRUE);
        onTheWay.arrived(request); // its record goes with its writes, not through the writer
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            private AuditRecord record;

            @Override
            public void beforeCommit(boolean readOnly) {
                int status = request.getUserData().containsKey(CREATED_KEY)
                                && (request.getRestOperationType() == RestOperationTypeEnum.CREATE
                                        || request.getRestOperationType() == RestOperationTypeEnum.UPDATE)
                        ? 201
                        : 200;
                record = records.recordOf(request, status, null);
                try {
                    store.appendInCurrentTransaction(record);
                } catch (SQLException e) {
                    throw new AuditUnavailableException("audit insert failed: " + e.getMessage());
                }
            }

            @Override
            public void afterCompletion(int status) {
                request.getUserData().remove(IN_TRANSACTION_KEY);
                if (status == STATUS_COMMITTED && record != null) {
                    request.getUserData().put(RECORDED_KEY, record.id());
                }
            }
        });
    }

    // --- committing the record before the response --------------------------------------------

    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public void beforeResponse(RequestDetails request, ResponseDetails response) {
        if (request.getUserData().containsKey(RECORDED_KEY)) {
            return;
        }
        commitThroughWriter(request, records.recordOf(request, response.getResponseCode(), null));
    }

    @Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
    public boolean beforeError(
            RequestDetails request,
            BaseServerResponseException error,
            HttpServletRequest servletRequest,
            HttpServletResponse servletResponse) {
        if (request.getUserData().containsKey(RECORDED_KEY) || error instanceof AuditUnavailableException) {
            return true;
        }
        try {
            commitThroughWriter(request, records.recordOf(request, error.getStatusCode(), reasonOf(error)));
        } catch (AuditUnavailableException e) {
            log.error("The error response to request {} could not be audited", request.getRequestId());
        }
        return true;
    }

    @Hook(Pointcut.SERVER_PROCESSING_COMPLETED)
    public void afterRequest(RequestDetails request, ServletRequestDetails servletRequest) {
        onTheWay.arrived(request);
        if (request.getUserData().containsKey(RECORDED_KEY)
                || request.getUserData().containsKey(ABOUT_THE_API_ONLY)) {
            return;
        }
        HttpServletResponse response = servletRequest == null ? null : servletRequest.getServletResponse();
        int status = response == null ? 200 : response.getStatus();
        recordedAfterTheResponse.incrementAndGet();
        log.warn("Request {} reached its end unaudited; recording it now", request.getRequestId());
        try {
            commitThroughWriter(request, records.recordOf(request, status, null));
        } catch (AuditUnavailableException e) {
            log.error("Request {} could not be audited", request.getRequestId());
        }
    }

    /** How many requests were recorded only after their response (a path the hooks missed): should be 0. */
    public long recordedAfterTheResponse() {
        return recordedAfterTheResponse.get();
    }

    private void commitThroughWriter(RequestDetails request, AuditRecord record) {
        request.getUserData().put(RECORDED_KEY, record.id());
        onTheWay.arrived(request);
        writer.commit(record);
    }

    /** Why a request was refused: the status text, and the reason the access rules gave (for auditors). */
    private static String reasonOf(BaseServerResponseException error) {
        String reason = error.getMessage();
        for (Throwable suppressed : error.getSuppressed()) {
            if (suppressed instanceof IllegalStateException) {
                reason = reason + " (" + suppressed.getMessage() + ")";
            }
        }
        return reason;
    }

    private static boolean isApiRequest(RequestDetails request) {
        return request instanceof ServletRequestDetails;
    }
}

package care.neighbourhood.fhirserver.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import care.neighbourhood.fhirserver.access.Caller;
import care.neighbourhood.fhirserver.access.CallerResolver;
import care.neighbourhood.fhirserver.access.RecordAccessRules;
import care.neighbourhood.fhirserver.access.SharingAgreement;
import care.neighbourhood.fhirserver.audit.AuditRecord.AuditPerson;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
    private static final String PEOPLE_KEY = AuditCapture.class.getName() + ".people";
    private static final String RECORDED_KEY = AuditCapture.class.getName() + ".recorded";
    private static final String IN_TRANSACTION_KEY = AuditCapture.class.getName() + ".inTransaction";
    private static final String CREATED_KEY = AuditCapture.class.getName() + ".created";

    private final CallerResolver callers;
    private final RecordAccessRules accessRules;
    private final SharingAgreement agreement;
    private final DataCustodians custodians;
    private final PersonIdentifiers identifiers;
    private final AuditWriter writer;
    private final AuditStore store;
    private final Clock clock = Clock.systemUTC();
    private final java.util.concurrent.atomic.AtomicLong recordedAfterTheResponse =
            new java.util.concurrent.atomic.AtomicLong();

    public AuditCapture(
            CallerResolver callers,
            RecordAccessRules accessRules,
            SharingAgreement agreement,
            DataCustodians custodians,
            PersonIdentifiers identifiers,
            AuditWriter writer,
            AuditStore store) {
        this.callers = callers;
        this.accessRules = accessRules;
        this.agreement = agreement;
        this.custodians = custodians;
        this.identifiers = identifiers;
        this.writer = writer;
        this.store = store;
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
                notePerson(request, resource);
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
        notePerson(request, resource);
        // A batch commits each entry on its own: its one record goes through the writer instead.
        if (request.getRestOperationType() == RestOperationTypeEnum.BATCH
                || !TransactionSynchronizationManager.isSynchronizationActive()
                || request.getUserData().containsKey(IN_TRANSACTION_KEY)
                || request.getUserData().containsKey(RECORDED_KEY)) {
            return;
        }
        request.getUserData().put(IN_TRANSACTION_KEY, Boolean.TRUE);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            private AuditRecord record;

            @Override
            public void beforeCommit(boolean readOnly) {
                int status = request.getUserData().containsKey(CREATED_KEY)
                                && (request.getRestOperationType() == RestOperationTypeEnum.CREATE
                                        || request.getRestOperationType() == RestOperationTypeEnum.UPDATE)
                        ? 201
                        : 200;
                record = recordOf(request, status, null);
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

    private void notePerson(RequestDetails request, IBaseResource resource) {
        Optional<String> person = accessRules.personOf(resource);
        if (person.isEmpty() || people(request).containsKey(person.get())) {
            return;
        }
        String basis;
        try {
            basis = callers.callerOf(request)
                    .map(caller -> accessRules.basisOf(caller, request, resource))
                    .orElse(null);
        } catch (RuntimeException e) {
            basis = null;
        }
        DataCustodians.Custodian custodian = custodians.of(resource);
        people(request)
                .put(
                        person.get(),
                        new AuditPerson(
                                person.get(),
                                identifiers.nhsNumberOf(person.get(), resource).orElse(null),
                                basis,
                                custodian.organisation(),
                                custodian.sector()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, AuditPerson> people(RequestDetails request) {
        return (Map<String, AuditPerson>) request.getUserData().computeIfAbsent(PEOPLE_KEY, k -> new LinkedHashMap<>());
    }

    // --- committing the record before the response --------------------------------------------

    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public void beforeResponse(RequestDetails request, ResponseDetails response) {
        if (request.getUserData().containsKey(RECORDED_KEY)) {
            return;
        }
        commitThroughWriter(request, recordOf(request, response.getResponseCode(), null));
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
            commitThroughWriter(request, recordOf(request, error.getStatusCode(), reasonOf(error)));
        } catch (AuditUnavailableException e) {
            log.error("The error response to request {} could not be audited", request.getRequestId());
        }
        return true;
    }

    @Hook(Pointcut.SERVER_PROCESSING_COMPLETED)
    public void afterRequest(RequestDetails request, ServletRequestDetails servletRequest) {
        if (request.getUserData().containsKey(RECORDED_KEY)) {
            return;
        }
        HttpServletResponse response = servletRequest == null ? null : servletRequest.getServletResponse();
        int status = response == null ? 200 : response.getStatus();
        recordedAfterTheResponse.incrementAndGet();
        log.warn("Request {} reached its end unaudited; recording it now", request.getRequestId());
        try {
            commitThroughWriter(request, recordOf(request, status, null));
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

    // --- the record -------------------------------------------------------------------------------

    AuditRecord recordOf(RequestDetails request, int status, String reason) {
        Optional<Caller> caller = callerOf(request);
        RestOperationTypeEnum operation = request.getRestOperationType();
        List<AuditPerson> concerned = new ArrayList<>(people(request).values());
        String description = status + " " + (reason == null ? statusText(status) : reason);
        return new AuditRecord(
                UUID.randomUUID().toString(),
                clock.instant(),
                request.getRequestId(),
                Interactions.codeOf(operation),
                Interactions.actionOf(operation),
                AuditRecord.outcomeOf(status),
                status,
                description,
                caller.map(c -> purposeOf(c, request, concerned)).orElse(null),
                caller.map(Caller::subject).orElse(null),
                caller.map(Caller::practitioner).orElse(null),
                caller.map(Caller::username).orElse(null),
                caller.map(c -> String.join(",", new java.util.TreeSet<>(c.roles())))
                        .orElse(null),
                caller.map(Caller::organisation).orElse(null),
                caller.map(Caller::sector).orElse(null),
                caller.map(Caller::clientId).orElse(null),
                clientAddressOf(request),
                resourceOf(request),
                queryOf(request),
                concerned);
    }

    private Optional<Caller> callerOf(RequestDetails request) {
        try {
            return callers.callerOf(request);
        } catch (RuntimeException noVerifiedToken) {
            return Optional.empty();
        }
    }

    private String purposeOf(Caller caller, RequestDetails request, List<AuditPerson> concerned) {
        if (agreement.isGovernanceOnly(caller) || caller.mayReadAuditTrail() && caller.isSystem()) {
            return "HCOMPL";
        }
        boolean breakGlass = "$break-glass".equals(request.getOperation())
                || concerned.stream()
                        .anyMatch(p -> p.basis() != null && p.basis().contains("break-glass"));
        if (breakGlass) {
            return "BTG";
        }
        return "health".equals(caller.sector()) ? "TREAT" : "CAREMGT";
    }

    private static String resourceOf(RequestDetails request) {
        String resource = request.getId() != null && request.getId().hasIdPart()
                ? request.getId().getValue()
                : request.getResourceName();
        if (request.getOperation() != null && !request.getOperation().isBlank()) {
            return (resource == null ? "" : resource + "/") + request.getOperation();
        }
        return resource;
    }

    private static String queryOf(RequestDetails request) {
        if (request instanceof ServletRequestDetails servlet && servlet.getServletRequest() != null) {
            String query = servlet.getServletRequest().getQueryString();
            if (query != null) {
                return java.net.URLDecoder.decode(query, java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String clientAddressOf(RequestDetails request) {
        return request instanceof ServletRequestDetails servlet && servlet.getServletRequest() != null
                ? servlet.getServletRequest().getRemoteAddr()
                : null;
    }

    private static boolean isApiRequest(RequestDetails request) {
        return request instanceof ServletRequestDetails;
    }

    static String statusText(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 412 -> "Precondition Failed";
            case 422 -> "Unprocessable Entity";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "";
        };
    }
}

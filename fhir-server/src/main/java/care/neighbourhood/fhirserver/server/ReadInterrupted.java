package care.neighbourhood.fhirserver.server;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.util.EnumSet;
import java.util.Set;

/**
 * 503 with {@code Retry-After} for a read or search that failed on a version conflict. Such a request
 * changes nothing the client sent, so the conflict is in the server's own bookkeeping (HAPI keeps a
 * search's progress in a row it updates as results load, and a database that went away between the
 * update and its acknowledgement leaves that row a version ahead of what the search expects): the
 * client did nothing wrong and the same request sent again succeeds. A 409 would tell it otherwise.
 */
public class ReadInterrupted extends BaseServerResponseException {

    static final String MESSAGE = "The server was interrupted while answering this request and changed"
            + " nothing. Send it again in a few seconds.";

    private static final Set<RestOperationTypeEnum> READS = EnumSet.of(
            RestOperationTypeEnum.READ,
            RestOperationTypeEnum.VREAD,
            RestOperationTypeEnum.SEARCH_TYPE,
            RestOperationTypeEnum.SEARCH_SYSTEM,
            RestOperationTypeEnum.GET_PAGE,
            RestOperationTypeEnum.HISTORY_INSTANCE,
            RestOperationTypeEnum.HISTORY_TYPE,
            RestOperationTypeEnum.HISTORY_SYSTEM,
            RestOperationTypeEnum.METADATA);

    public ReadInterrupted(Throwable cause) {
        super(503, MESSAGE, cause);
        addResponseHeader("Retry-After", DatabaseUnavailable.RETRY_AFTER_SECONDS);
    }

    /** Whether {@code error}, raised while answering an interaction of {@code type}, is such a conflict. */
    public static boolean explains(Throwable error, RestOperationTypeEnum type) {
        return error instanceof ResourceVersionConflictException && type != null && READS.contains(type);
    }
}

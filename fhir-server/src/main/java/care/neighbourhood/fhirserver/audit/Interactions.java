package care.neighbourhood.fhirserver.audit;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;

/** The FHIR restful-interaction code and the audit action (C, R, U, D, E) of a HAPI operation type. */
final class Interactions {

    private Interactions() {}

    static String codeOf(RestOperationTypeEnum operation) {
        if (operation == null) {
            return "unknown";
        }
        return switch (operation) {
            case READ -> "read";
            case VREAD -> "vread";
            case SEARCH_TYPE -> "search-type";
            case SEARCH_SYSTEM -> "search-system";
            case GET_PAGE -> "search";
            case CREATE -> "create";
            case UPDATE -> "update";
            case PATCH -> "patch";
            case DELETE -> "delete";
            case HISTORY_INSTANCE -> "history-instance";
            case HISTORY_TYPE -> "history-type";
            case HISTORY_SYSTEM -> "history-system";
            case TRANSACTION -> "transaction";
            case BATCH -> "batch";
            case METADATA -> "capabilities";
            case EXTENDED_OPERATION_SERVER, EXTENDED_OPERATION_TYPE, EXTENDED_OPERATION_INSTANCE -> "operation";
            default -> operation.getCode() == null ? operation.name().toLowerCase() : operation.getCode();
        };
    }

    static String actionOf(RestOperationTypeEnum operation) {
        if (operation == null) {
            return "E";
        }
        return switch (operation) {
            case CREATE -> "C";
            case UPDATE, PATCH -> "U";
            case DELETE -> "D";
            case READ,
                    VREAD,
                    SEARCH_TYPE,
                    SEARCH_SYSTEM,
                    GET_PAGE,
                    HISTORY_INSTANCE,
                    HISTORY_TYPE,
                    HISTORY_SYSTEM,
                    METADATA -> "R";
            default -> "E";
        };
    }
}

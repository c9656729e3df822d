package care.neighbourhood.portal.emergency;

/** One problem with what the user entered: the field it is about and what to do, as the NHS pattern says it. */
public record FormProblem(String fieldId, String message) {}

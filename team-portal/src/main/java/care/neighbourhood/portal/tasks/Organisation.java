package care.neighbourhood.portal.tasks;

/** An organisation of the neighbourhood a task can be handed to. */
public record Organisation(String code, String name) {}

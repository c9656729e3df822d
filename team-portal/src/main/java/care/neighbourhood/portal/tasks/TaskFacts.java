package care.neighbourhood.portal.tasks;

/**
 * What the rules about a task's actions look at.
 *
 * @param open someone still has to act on it
 * @param owner {@code Practitioner/…}, {@code Organization/…} or another reference, or {@code null}
 * @param requester who asked for it, or {@code null}
 * @param priority its priority (routine when not given)
 */
public record TaskFacts(boolean open, String owner, String requester, TaskPriority priority) {

    boolean ownedBy(String reference) {
        return reference != null && reference.equals(owner);
    }

    /** Nobody has it, or an organisation or team rather than a person. */
    boolean unassigned() {
        return owner == null || !owner.startsWith("Practitioner/");
    }
}

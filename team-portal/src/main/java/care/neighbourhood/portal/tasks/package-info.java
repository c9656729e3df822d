/**
 * The triage board and the task page: the team's worklist of open Tasks for people on the user's
 * caseload, with filters, counts and pages, and the changes a member of the team makes to a task
 * (claim, hand to another organisation, escalate, send back, complete, decline), each recorded with
 * who, from which organisation, when and why. What a user may do to a task is decided by {@link
 * care.neighbourhood.portal.tasks.TaskActions}; where the tasks come from and how a change is written
 * is a {@link care.neighbourhood.portal.tasks.TaskWork}'s concern.
 */
package care.neighbourhood.portal.tasks;

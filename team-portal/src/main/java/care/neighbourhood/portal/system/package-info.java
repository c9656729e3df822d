/**
 * Cross-cutting web concerns: the model every page layout needs, readable error pages in place of
 * stack traces, static assets of the NHS design system and the application clock.
 */
package care.neighbourhood.portal.system;

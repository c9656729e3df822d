/**
 * The directory: the neighbourhood's organisations and the staff in roles at each, read from the
 * shared record's directory (open to every member). The workspace administrator's start page.
 */
package care.neighbourhood.portal.directory;

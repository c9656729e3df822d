/** Comma-separated values that spreadsheets open safely, for the portal's downloads. */
package care.neighbourhood.portal.csv;

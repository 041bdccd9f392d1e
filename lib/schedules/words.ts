/** How to write a schedule, for the form and for error messages (no parser here: the browser loads this). */
export const CRON_HELP = 'Five fields: minute hour day-of-month month day-of-week, e.g. "0 3 * * *" for 03:00 every day or "30 */6 * * 1-5" every six hours on weekdays; or @hourly, @daily, @weekly, @monthly.';

const HOUR = 3600_000;

/** Start of the study day containing `now`: the last local `rolloverHour`:00 at or before it. */
export function studyDayStart(now: number, rolloverHour: number): number {
  const d = new Date(now);
  const start = new Date(d.getFullYear(), d.getMonth(), d.getDate(), rolloverHour, 0, 0, 0);
  if (start.getTime() > now) start.setDate(start.getDate() - 1);
  return start.getTime();
}

/** Start of the next study day (DST-safe: computed on the calendar, not by adding 24h). */
export function nextStudyDayStart(now: number, rolloverHour: number): number {
  const start = new Date(studyDayStart(now, rolloverHour));
  start.setDate(start.getDate() + 1);
  return start.getTime();
}

export { HOUR };

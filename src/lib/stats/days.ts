// Study-day ranges live with the scheduling code (the load balancer counts by them too); statistics use them from here.
export { dayIndex, mondayOffset, shiftStudyDay, studyDays, weekdayMonday, type DayRange } from '../srs/day-range';

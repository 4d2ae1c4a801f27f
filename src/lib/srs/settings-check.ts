import type { StudySettings } from './settings';
import { easyDaysProblem } from './balance/easy-days';
import { leechThresholdProblem } from './leech';

/** A learning or relearning step as the settings form accepts it (1m, 10m, 1.5h, 1d). */
export const STEP = /^\d+(\.\d+)?[mhd]$/;

/** The ranges the settings form allows; a stored value outside them did not come from this app. */
export const SETTING_RANGES = {
  newPerDay: [0, 9999],
  reviewsPerDay: [0, 99999],
  maximumInterval: [1, 36500],
  rolloverHour: [0, 23],
  learnAheadMinutes: [0, 1440]
} as const;

/** What a stored value must be, in words, or null when it is fine. */
type Check = (value: unknown) => string | null;

const whole =
  ([min, max]: readonly [number, number]): Check =>
  (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? null : `a whole number from ${min} to ${max}`;
const bool: Check = (v) => (typeof v === 'boolean' ? null : 'true or false');
const steps =
  (allowEmpty: boolean): Check =>
  (v) =>
    Array.isArray(v) && (allowEmpty || v.length > 0) && v.every((s) => typeof s === 'string' && STEP.test(s) && parseFloat(s) > 0)
      ? null
      : `a list of ${allowEmpty ? '' : 'one or more '}steps like "1m", "10m", "1h" or "1d"`;

/** ts-fsrs takes 17 (FSRS-4.5), 19 (FSRS-5) or 21 (FSRS-6) weights. */
const weights: Check = (v) =>
  v === null || (Array.isArray(v) && [17, 19, 21].includes(v.length) && v.every((w) => typeof w === 'number' && Number.isFinite(w)))
    ? null
    : 'null or a list of 17, 19 or 21 numbers';

const CHECKS: Record<keyof StudySettings, Check> = {
  desiredRetention: (v) => (typeof v === 'number' && v >= 0.7 && v <= 0.97 ? null : 'a number from 0.70 to 0.97'),
  newPerDay: whole(SETTING_RANGES.newPerDay),
  reviewsPerDay: whole(SETTING_RANGES.reviewsPerDay),
  learningSteps: steps(false),
  relearningSteps: steps(true),
  maximumInterval: whole(SETTING_RANGES.maximumInterval),
  rolloverHour: whole(SETTING_RANGES.rolloverHour),
  learnAheadMinutes: whole(SETTING_RANGES.learnAheadMinutes),
  weights,
  loadBalancing: bool,
  easyDays: (v) => (easyDaysProblem(v) ? 'a list of 7 shares from 0 to 1 (Monday first)' : null),
  leechThreshold: (v) => (typeof v === 'number' && !leechThresholdProblem(v) ? null : 'a whole number from 0 to 99'),
  leechAction: (v) => (v === 'tag' || v === 'suspend' ? null : '"tag" or "suspend"'),
  buryNewSiblings: bool,
  buryReviewSiblings: bool,
  buryInterdayLearningSiblings: bool
};

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? text.slice(0, 37) + '…' : text;
}

/**
 * What is wrong with a stored study-settings value (a backup's, say), one sentence per field;
 * empty when every field present is one the app could have written. Missing fields are fine
 * (they take their defaults); unknown ones are ignored.
 */
export function studySettingsProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`the study settings must be an object, got ${show(value)}`];
  const problems: string[] = [];
  for (const [key, check] of Object.entries(CHECKS)) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    const expected = check(v);
    if (expected) problems.push(`"${key}" must be ${expected}, got ${show(v)}`);
  }
  return problems;
}

/** The known fields of a stored value that fail their check: each falls back to its default instead of breaking study. */
export function invalidStudySettingKeys(value: Record<string, unknown>): (keyof StudySettings)[] {
  return (Object.keys(CHECKS) as (keyof StudySettings)[]).filter((key) => value[key] !== undefined && CHECKS[key](value[key]) !== null);
}

import type { StudySettings } from './settings';
import { easyDaysProblem } from './balance/easy-days';
import { SETTING_RANGES, STEP } from './settings-check';

export interface SettingsForm {
  desiredRetention: number;
  newPerDay: string | number | null;
  reviewsPerDay: string | number | null;
  learningSteps: string;
  relearningSteps: string;
  maximumInterval: string | number | null;
  rolloverHour: string | number | null;
  loadBalancing?: boolean;
  /** Monday first, each 1 (Normal), 0.5 (Reduced) or 0 (Minimum). */
  easyDays?: number[];
}

/** Validates the settings form; returns the changes or a message per field. */
export function validateSettings(form: SettingsForm): { ok: true; value: Partial<StudySettings> } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const int = (key: keyof SettingsForm & keyof typeof SETTING_RANGES, label: string) => {
    const [min, max] = SETTING_RANGES[key];
    // An emptied number field reads as null (or ''), which Number() would take for 0.
    const raw = form[key];
    const n = raw === null || raw === undefined || String(raw).trim() === '' ? NaN : Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) errors[key] = `${label} must be a whole number from ${min} to ${max}.`;
    return n;
  };
  const steps = (key: 'learningSteps' | 'relearningSteps', label: string, allowEmpty: boolean) => {
    const list = form[key].split(/[\s,]+/).filter(Boolean);
    const bad = list.find((s) => !STEP.test(s) || parseFloat(s) <= 0);
    if (bad) errors[key] = `${label}: "${bad}" is not a step like 1m, 10m, 1h or 1d.`;
    else if (!allowEmpty && list.length === 0) errors[key] = `${label} needs at least one step, e.g. 1m 10m.`;
    return list;
  };
  const retention = Number(form.desiredRetention);
  if (!(retention >= 0.7 && retention <= 0.97)) errors.desiredRetention = 'Desired retention must be between 0.70 and 0.97.';
  const value: Partial<StudySettings> = {
    desiredRetention: Math.round(retention * 100) / 100,
    newPerDay: int('newPerDay', 'New cards per day'),
    reviewsPerDay: int('reviewsPerDay', 'Reviews per day'),
    learningSteps: steps('learningSteps', 'Learning steps', false),
    relearningSteps: steps('relearningSteps', 'Relearning steps', true),
    maximumInterval: int('maximumInterval', 'Maximum interval'),
    rolloverHour: int('rolloverHour', 'Next day starts at')
  };
  if (form.loadBalancing !== undefined) value.loadBalancing = !!form.loadBalancing;
  if (form.easyDays !== undefined) {
    const problem = easyDaysProblem(form.easyDays);
    if (problem) errors.easyDays = problem;
    else value.easyDays = [...form.easyDays];
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value };
}

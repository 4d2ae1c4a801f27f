import type { LeechAction } from './leech';
import { invalidStudySettingKeys } from './settings-check';

/** Study settings with their defaults (Anki-like). Stored in the `settings` table. */
export interface StudySettings {
  desiredRetention: number;
  newPerDay: number;
  reviewsPerDay: number;
  learningSteps: string[];
  relearningSteps: string[];
  maximumInterval: number;
  /** Local hour at which a new study day starts. */
  rolloverHour: number;
  /** Learning cards due within this many minutes are shown when nothing else is left. */
  learnAheadMinutes: number;
  /** Personal FSRS weights; null means ts-fsrs defaults. */
  weights: number[] | null;
  /** Due dates chosen inside the fuzz range to even out the daily load (Anki's load balancer, on by default). */
  loadBalancing: boolean;
  /** Easy days: each weekday's share of the normal load, Monday first, 1 Normal, 0.5 Reduced, 0 Minimum (srs/balance/easy-days.ts). */
  easyDays: number[];
  /** Lapses that make a card a leech, then every half of it again (Anki: 8, so 8, 12, 16…); 0 turns it off. */
  leechThreshold: number;
  /** A leech is tagged `leech`; with 'suspend' it is also suspended (Anki's default: tag only). */
  leechAction: LeechAction;
  /** Answering a card buries its new siblings until tomorrow (Anki's "Bury new siblings", off by default). */
  buryNewSiblings: boolean;
  /** …its review siblings due today ("Bury review siblings"). */
  buryReviewSiblings: boolean;
  /** …its interday learning siblings due today ("Bury interday learning siblings"). */
  buryInterdayLearningSiblings: boolean;
}

export const DEFAULT_SETTINGS: StudySettings = {
  desiredRetention: 0.9,
  newPerDay: 20,
  reviewsPerDay: 200,
  learningSteps: ['1m', '10m'],
  relearningSteps: ['10m'],
  maximumInterval: 36500,
  rolloverHour: 4,
  learnAheadMinutes: 20,
  weights: null,
  loadBalancing: true,
  easyDays: [1, 1, 1, 1, 1, 1, 1],
  leechThreshold: 8,
  leechAction: 'tag',
  buryNewSiblings: false,
  buryReviewSiblings: false,
  buryInterdayLearningSiblings: false
};

/** The settings a deck studies with: its own daily limits where it has them. */
export function settingsForDeck(settings: StudySettings, deck: { newPerDay?: number; reviewsPerDay?: number } | null | undefined): StudySettings {
  return {
    ...settings,
    newPerDay: deck?.newPerDay ?? settings.newPerDay,
    reviewsPerDay: deck?.reviewsPerDay ?? settings.reviewsPerDay
  };
}

/** The row key of the study settings in the `settings` table. */
export const STUDY_SETTINGS_KEY = 'study';

/**
 * Stored settings over the defaults (a setting added in a later version gets its default, and so
 * does a stored value the app could not have written, from a tampered backup or another device).
 */
export function studySettingsFrom(row: { value: unknown } | undefined): StudySettings {
  const value = row?.value;
  const stored = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const settings = { ...DEFAULT_SETTINGS, ...stored } as StudySettings;
  for (const key of invalidStudySettingKeys(stored)) (settings as unknown as Record<string, unknown>)[key] = DEFAULT_SETTINGS[key];
  return settings;
}

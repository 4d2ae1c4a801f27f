import { describe, expect, it } from 'vitest';
import { Rating } from 'ts-fsrs';
import { validateSettings } from '../../src/lib/srs/settings-validate';
import { loadSettings, saveSettings } from '../../src/lib/srs/settings-store';
import { DEFAULT_SETTINGS, studySettingsFrom } from '../../src/lib/srs/settings';
import { leechThresholdProblem } from '../../src/lib/srs/leech';
import { createScheduler, newSchedule, previewGrades } from '../../src/lib/srs/scheduler';
import { deckCounts } from '../../src/lib/srs/queue';
import { seededDb } from './db-helpers';

const form = {
  desiredRetention: 0.9,
  newPerDay: '20',
  reviewsPerDay: '200',
  learningSteps: '1m 10m',
  relearningSteps: '10m',
  maximumInterval: '36500',
  rolloverHour: '4'
};

describe('settings', () => {
  it('accepts a valid form', () => {
    expect(validateSettings(form)).toEqual({
      ok: true,
      value: {
        desiredRetention: 0.9,
        newPerDay: 20,
        reviewsPerDay: 200,
        learningSteps: ['1m', '10m'],
        relearningSteps: ['10m'],
        maximumInterval: 36500,
        rolloverHour: 4
      }
    });
  });

  it('names each bad field', () => {
    const r = validateSettings({ ...form, desiredRetention: 0.99, newPerDay: '-1', learningSteps: '1m ten', relearningSteps: '', rolloverHour: '24' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(Object.keys(r.errors).sort()).toEqual(['desiredRetention', 'learningSteps', 'newPerDay', 'rolloverHour']);
      expect(r.errors.learningSteps).toContain('"ten"');
    }
  });

  it('changes the queue: a lower new-card limit shows fewer new cards', async () => {
    const db = await seededDb('d', 30);
    const now = new Date(2026, 0, 10, 12).getTime();
    await saveSettings(db, { newPerDay: 5 });
    expect((await deckCounts(db, 'd', now, await loadSettings(db))).newCount).toBe(5);
  });

  it('changes intervals: other learning steps change the button labels', () => {
    const now = Date.now();
    const scheduler = createScheduler({ ...DEFAULT_SETTINGS, learningSteps: ['5m', '1h'] });
    const p = previewGrades(scheduler, newSchedule(now), now);
    expect(p[Rating.Again].due - now).toBe(5 * 60_000);
    expect(p[Rating.Good].due - now).toBe(60 * 60_000);
  });

  it('caps intervals at the maximum interval', () => {
    const now = Date.now();
    const scheduler = createScheduler({ ...DEFAULT_SETTINGS, maximumInterval: 3 });
    const p = previewGrades(scheduler, newSchedule(now), now);
    expect(p[Rating.Easy].scheduledDays).toBeLessThanOrEqual(3);
  });

  it('an emptied number field is an error, never 0 (no reviews, leeches off)', () => {
    // Svelte binds an emptied <input type="number"> to null.
    const r = validateSettings({ ...form, reviewsPerDay: null, newPerDay: '', maximumInterval: ' ' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toEqual({
        newPerDay: 'New cards per day must be a whole number from 0 to 9999.',
        reviewsPerDay: 'Reviews per day must be a whole number from 0 to 99999.',
        maximumInterval: 'Maximum interval must be a whole number from 1 to 36500.'
      });
    }
    expect(validateSettings({ ...form, newPerDay: '0' }).ok).toBe(true);
    for (const empty of [null, '', '  ']) expect(leechThresholdProblem(empty)).toBe('The leech threshold must be a whole number from 0 (off) to 99.');
    expect(leechThresholdProblem('0')).toBeNull();
    expect(leechThresholdProblem(0)).toBeNull();
  });

  it('reads a stored value the app could not have written as the default, keeping the good fields', () => {
    const read = studySettingsFrom({
      value: {
        desiredRetention: 5,
        learningSteps: 'oops',
        rolloverHour: 99,
        easyDays: 'none',
        weights: [1, 2],
        newPerDay: 7,
        leechAction: 'suspend',
        futureField: 1
      }
    });
    expect(read).toEqual({ ...DEFAULT_SETTINGS, newPerDay: 7, leechAction: 'suspend', futureField: 1 });
    expect(studySettingsFrom({ value: 'garbage' })).toEqual(DEFAULT_SETTINGS);
    expect(studySettingsFrom(undefined)).toEqual(DEFAULT_SETTINGS);
  });
});

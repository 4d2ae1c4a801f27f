import { announceChange } from '../db/changes';
import type { FlashcardDatabase } from '../db/database';
import { STUDY_SETTINGS_KEY as KEY, studySettingsFrom, type StudySettings } from './settings';

export async function loadSettings(db: FlashcardDatabase): Promise<StudySettings> {
  return studySettingsFrom(await db.settings.get(KEY));
}

export async function saveSettings(db: FlashcardDatabase, changes: Partial<StudySettings>): Promise<StudySettings> {
  const saved = await db.transaction('rw', db.settings, async () => {
    const next = { ...(await loadSettings(db)), ...changes };
    await db.settings.put({ key: KEY, value: next });
    return next;
  });
  // Limits and weights apply to every deck. (Inside a caller's transaction this goes out before
  // that commits; such callers announce again after theirs, as rescheduleAll does.)
  announceChange();
  return saved;
}

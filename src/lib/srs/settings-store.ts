import type { FlashcardDatabase } from '../db/database';
import { STUDY_SETTINGS_KEY as KEY, studySettingsFrom, type StudySettings } from './settings';

export async function loadSettings(db: FlashcardDatabase): Promise<StudySettings> {
  return studySettingsFrom(await db.settings.get(KEY));
}

export async function saveSettings(db: FlashcardDatabase, changes: Partial<StudySettings>): Promise<StudySettings> {
  return db.transaction('rw', db.settings, async () => {
    const next = { ...(await loadSettings(db)), ...changes };
    await db.settings.put({ key: KEY, value: next });
    return next;
  });
}

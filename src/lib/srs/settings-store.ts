import type { FlashcardDatabase } from '../db/database';
import { DEFAULT_SETTINGS, type StudySettings } from './settings';

const KEY = 'study';

export async function loadSettings(db: FlashcardDatabase): Promise<StudySettings> {
  const row = await db.settings.get(KEY);
  return { ...DEFAULT_SETTINGS, ...((row?.value as Partial<StudySettings>) ?? {}) };
}

export async function saveSettings(db: FlashcardDatabase, changes: Partial<StudySettings>): Promise<StudySettings> {
  return db.transaction('rw', db.settings, async () => {
    const next = { ...(await loadSettings(db)), ...changes };
    await db.settings.put({ key: KEY, value: next });
    return next;
  });
}

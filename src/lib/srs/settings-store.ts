import type { FlashcardDatabase } from '../db/database';
import { transact, type Writer } from '../db/gateway';
import { Store } from '../db/stores';
import { STUDY_SETTINGS_KEY as KEY, studySettingsFrom, type StudySettings } from './settings';

export async function loadSettings(db: FlashcardDatabase): Promise<StudySettings> {
  return studySettingsFrom(await db.settings.get(KEY));
}

export async function saveSettings(db: FlashcardDatabase, changes: Partial<StudySettings>): Promise<StudySettings> {
  return transact(db, [Store.settings], (w) => saveSettingsWith(db, w, changes));
}

/** saveSettings inside a caller's gateway transaction (which must include the settings store). */
export async function saveSettingsWith(db: FlashcardDatabase, w: Writer, changes: Partial<StudySettings>): Promise<StudySettings> {
  const next = { ...(await loadSettings(db)), ...changes };
  await w.putSetting(KEY, next);
  return next;
}

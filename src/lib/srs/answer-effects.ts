import type { CardInput } from '../db/derive';
import type { AnswerCaused, CardRow, Schedule } from '../db/schema';
import { answerLeeched, LEECH_TAG, withLeechTag, type LeechAction } from './leech';
import { siblingsToBury, type BuryRules } from './siblings';

/** The settings an answer follows besides the scheduler's (StudySettings has them all). */
export interface AnswerRules extends BuryRules {
  leechThreshold: number;
  leechAction: LeechAction;
}

/** What an answer writes besides its log row: the answered card, and the siblings it buries. */
export interface AnswerWrites {
  card: CardInput;
  buried: CardInput[];
  /** Recorded on the log row, so undo reverts exactly this (undoCaused); absent when nothing. */
  caused?: AnswerCaused;
  /** The card became a leech with this answer (the study screen says so). */
  leech: { lapses: number; suspended: boolean } | null;
}

/**
 * The rows one answer writes: the card with its new schedule, the leech tag (and suspension, by
 * the leech action) when this answer made it a leech (leech.ts), and its siblings buried until
 * `dayEnd` by the burying options (siblings.ts). Pure: the answer's transaction writes the result.
 */
export function answerWrites(card: CardRow, after: Schedule, siblings: readonly CardRow[], rules: AnswerRules, dayEnd: number): AnswerWrites {
  const caused: AnswerCaused = {};
  const next: CardInput = { ...card, ...after };
  let leech: AnswerWrites['leech'] = null;
  if (answerLeeched(card, after, rules.leechThreshold)) {
    const suspend = rules.leechAction === 'suspend';
    leech = { lapses: after.lapses, suspended: suspend };
    if (!card.tags.includes(LEECH_TAG)) {
      next.tags = withLeechTag(card.tags, true);
      caused.tagged = [LEECH_TAG];
    }
    if (suspend) {
      next.suspended = true;
      caused.suspended = true;
    }
  }
  const buried = card.noteId ? siblingsToBury(card, siblings, rules, dayEnd).map((s) => ({ ...s, buriedUntil: dayEnd })) : [];
  if (buried.length) caused.buried = buried.map((s) => s.id);
  return { card: next, buried, leech, ...(Object.keys(caused).length ? { caused } : {}) };
}

/**
 * Undo of an answer's side effects (AnswerCaused): the tags it added are removed, a suspension it
 * made is lifted, and the siblings it buried that are still buried come back. `card` is the
 * answered card as stored, `siblings` the stored rows of `caused.buried`.
 */
export function undoCaused(
  card: CardRow,
  caused: AnswerCaused | undefined,
  siblings: readonly (CardRow | undefined)[]
): { card: CardRow; unburied: CardRow[] } {
  if (!caused) return { card, unburied: [] };
  const next = { ...card };
  if (caused.tagged?.length) next.tags = card.tags.filter((t) => !caused.tagged!.includes(t));
  if (caused.suspended) next.suspended = false;
  const unburied = siblings.filter((s): s is CardRow => !!s && s.buriedUntil !== undefined).map((s) => ({ ...s, buriedUntil: undefined }));
  return { card: next, unburied };
}

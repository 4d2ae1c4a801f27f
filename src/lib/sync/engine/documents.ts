import type { CardInput } from '../../db/derive';
import { CardState, type CardRow, type DeckRow, type MediaRow, type ReviewLogRow, type Schedule } from '../../db/schema';
import { pickSchedule, newSchedule } from '../../srs/scheduler';
import { LEECH_TAG, withLeechTag } from '../../srs/leech';

/**
 * The documents sync keeps on the server, and the pure rules that turn rows into documents and
 * documents back into rows. Conflict rules (docs/ARCHITECTURE.md "Sync"):
 * - a review log is an immutable document with the log's own id: merged by id, never changed;
 *   only undo deletes it (a CouchDB deletion), which removes it on every device;
 * - cards, decks and study settings are documents of fields, each with its own stamp (clock.ts):
 *   per field, the newest stamp wins, so two devices editing different fields both keep theirs;
 * - a card's schedule is not synced as truth: after a merge it is rebuilt by replaying its log
 *   (replay.ts); a card with no log at all carries the schedule it was given (an Anki import);
 * - a deck deleted on one device is deleted everywhere (its review logs stay, as after a local
 *   deletion); built-in decks and cards send only what the user changed on them.
 */
export type Stamped = [value: unknown, stamp: string];
export type Fields = Record<string, Stamped>;

export interface CardBody {
  t: 'card';
  id: string;
  deckId: string;
  f: Fields;
}
export interface DeckBody {
  t: 'deck';
  id: string;
  f: Fields;
}
export interface LogBody {
  t: 'log';
  row: Omit<ReviewLogRow, 'seq'>;
}
export interface SettingBody {
  t: 'setting';
  key: string;
  f: Fields;
}
export interface MediaBody {
  t: 'media';
  row: Omit<MediaRow, 'data'>;
}
export type Body = CardBody | DeckBody | LogBody | SettingBody | MediaBody;

/** The plain document id of a row (encrypted databases use an HMAC of it). */
export function plainDocId(t: Body['t'], key: string): string {
  return `${t}:${key}`;
}

/** The settings rows that sync (the rest are this device's own machinery). */
export const SYNCED_SETTINGS: readonly string[] = ['study'];

/** The values a card sends: flags always; text when the deck is the user's or the user edited it; a schedule only while no log explains it. */
export function cardFields(card: CardRow, deck: Pick<DeckRow, 'source'> | undefined, hasLogs: boolean): Record<string, unknown> {
  const own = !!deck && deck.source !== 'builtin';
  const fields: Record<string, unknown> = { suspended: !!card.suspended, buriedUntil: card.buriedUntil ?? null, flag: card.flag ?? 0, deleted: !!card.deleted };
  if (own || card.edited) Object.assign(fields, { front: card.front, back: card.back, more: card.more ?? null, tags: card.tags, edited: !!card.edited });
  if (own)
    Object.assign(fields, { ord: card.ord, createdAt: card.createdAt, retired: !!card.retired, typeIn: card.typeIn ?? null, noteId: card.noteId ?? null });
  // The leech mark (srs/leech.ts) is the app's own, not the deck's text: sent for every card, built-in ones too.
  fields.leech = card.tags.includes(LEECH_TAG);
  if (!hasLogs && card.state !== CardState.New) fields.schedule = pickSchedule(card);
  return fields;
}

/** True when a built-in card's fields say nothing the app would not have anyway (no document needed). */
export function isPristine(fields: Record<string, unknown>): boolean {
  return (
    fields.suspended === false &&
    fields.buriedUntil === null &&
    fields.flag === 0 &&
    fields.deleted === false &&
    fields.leech === false &&
    !('front' in fields) &&
    !('schedule' in fields)
  );
}

const DECK_OWN_FIELDS = ['title', 'description', 'parent', 'source', 'hash', 'position', 'origin', 'noteTypeCss'] as const;
const DECK_USER_FIELDS = ['hidden', 'newPerDay', 'reviewsPerDay', 'typeAnswer', 'autoplay'] as const;

export function deckFields(deck: DeckRow): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const key of DECK_USER_FIELDS) fields[key] = deck[key] ?? null;
  if (deck.source !== 'builtin') for (const key of DECK_OWN_FIELDS) fields[key] = deck[key] ?? null;
  fields.deleted = false;
  return fields;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The document's fields after this device's values: fields whose value changed get a new stamp
 * (`stamp` is given the stamp of the value replaced), the others keep theirs; a field the row no
 * longer sends keeps its last value. Null when nothing changed.
 */
export function stampFields(existing: Fields | undefined, values: Record<string, unknown>, stamp: (replaces?: string) => string): Fields | null {
  const next: Fields = { ...(existing ?? {}) };
  let changed = !existing;
  for (const [key, value] of Object.entries(values)) {
    if (existing?.[key] && same(existing[key][0], value)) continue;
    next[key] = [value, stamp(existing?.[key]?.[1])];
    changed = true;
  }
  return changed ? next : null;
}

/** Per field, the value with the newest stamp (ties cannot happen: stamps carry the device id). */
export function mergeFields(a: Fields, b: Fields): Fields {
  const merged: Fields = { ...a };
  for (const [key, stamped] of Object.entries(b)) if (!merged[key] || stamped[1] > merged[key][1]) merged[key] = stamped;
  return merged;
}

export const valueOf = (f: Fields, key: string): unknown => f[key]?.[0];

/**
 * A card row with the document's fields applied. A card the device does not have is created only
 * when the document carries its text (a user's or imported card); a built-in card the app has not
 * installed (yet) is skipped. The schedule is left as it is: replay sets it.
 */
export function cardFromBody(local: CardRow | undefined, body: CardBody, now: number): CardInput | null {
  const f = body.f;
  const has = (key: string) => key in f;
  let card: CardInput;
  if (local) card = { ...local };
  else {
    if (!has('front') || !has('createdAt')) return null;
    const schedule = (valueOf(f, 'schedule') as Schedule | undefined) ?? newSchedule(valueOf(f, 'createdAt') as number);
    card = {
      id: body.id,
      deckId: body.deckId,
      ord: 0,
      front: '',
      back: '',
      tags: [],
      createdAt: valueOf(f, 'createdAt') as number,
      updatedAt: now,
      ...schedule,
      suspended: false,
      retired: false
    };
  }
  const textChanged = ['front', 'back', 'more', 'tags'].some(
    (key) => has(key) && !same(valueOf(f, key) ?? undefined, (card as unknown as Record<string, unknown>)[key])
  );
  for (const key of ['front', 'back', 'tags', 'ord', 'createdAt', 'suspended', 'retired', 'deleted', 'edited'] as const)
    if (has(key)) (card as unknown as Record<string, unknown>)[key] = valueOf(f, key);
  if (has('more')) {
    const more = valueOf(f, 'more') as string | null;
    if (more) card.more = more;
    else delete card.more;
  }
  if (has('typeIn')) {
    const typeIn = valueOf(f, 'typeIn') as CardRow['typeIn'] | null;
    if (typeIn) card.typeIn = typeIn;
    else delete card.typeIn;
  }
  if (has('noteId')) {
    const noteId = valueOf(f, 'noteId') as string | null;
    if (noteId) card.noteId = noteId;
    else delete card.noteId;
  }
  if (has('leech')) card.tags = withLeechTag(card.tags, valueOf(f, 'leech') === true);
  if (has('buriedUntil')) card.buriedUntil = (valueOf(f, 'buriedUntil') as number | null) ?? undefined;
  if (has('flag')) {
    const flag = valueOf(f, 'flag') as number;
    if (flag) card.flag = flag;
    else delete card.flag;
  }
  if (textChanged && local) {
    card.updatedAt = Math.max(now, local.updatedAt + 1);
    delete card.rendered; // made from the old text
  }
  return card;
}

/**
 * A deck row with the document's fields applied; 'deleted' when the document says it was deleted;
 * null when there is nothing to apply (a built-in deck this app version does not have).
 */
export function deckFromBody(local: DeckRow | undefined, body: DeckBody): DeckRow | 'deleted' | null {
  if (valueOf(body.f, 'deleted') === true) return 'deleted';
  if (!local && !('title' in body.f)) return null;
  const deck: DeckRow = local ? { ...local } : { id: body.id, title: body.id, description: '', source: 'user', hash: '', position: 0 };
  for (const [key, [value]] of Object.entries(body.f)) {
    if (key === 'deleted') continue;
    if (local?.source === 'builtin' && (DECK_OWN_FIELDS as readonly string[]).includes(key)) continue; // the app's own deck file decides
    if (value === null) delete (deck as unknown as Record<string, unknown>)[key];
    else (deck as unknown as Record<string, unknown>)[key] = value;
  }
  return deck;
}

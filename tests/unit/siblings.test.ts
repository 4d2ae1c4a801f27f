import { describe, expect, it } from 'vitest';
import { Rating, type Grade } from 'ts-fsrs';
import { withDerivedColumns, type CardInput } from '../../src/lib/db/derive';
import { CardState, Queue, type CardRow, type Schedule } from '../../src/lib/db/schema';
import { queueAfterAnswer, readAfterAnswer } from '../../src/lib/srs/after-answer';
import { recordAnswerThen, undoLastAnswer } from '../../src/lib/srs/answer';
import { nextStudyDayStart } from '../../src/lib/srs/day';
import { todaysQueue } from '../../src/lib/srs/queue';
import { createScheduler } from '../../src/lib/srs/scheduler';
import { DEFAULT_SETTINGS, type StudySettings } from '../../src/lib/srs/settings';
import { heldBackBySibling, siblingsToBury } from '../../src/lib/srs/siblings';
import { buryIfHeldBack } from '../../src/lib/srs/sibling-guard';
import { cardRow } from './card-rows';
import { fixtureWrite, freshDb } from './db-helpers';

const noon = new Date(2026, 0, 10, 12).getTime();
const DAY = 86_400_000;
const tomorrow = nextStudyDayStart(noon, DEFAULT_SETTINGS.rolloverHour);
const scheduler = createScheduler(DEFAULT_SETTINGS);

const NEW = { due: noon - DAY, stability: 0, difficulty: 0, scheduledDays: 0, learningSteps: 0, reps: 0, lapses: 0, state: CardState.New, lastReview: null };
const REVIEW_DUE = {
  due: noon - 1000,
  stability: 5,
  difficulty: 5,
  scheduledDays: 5,
  learningSteps: 0,
  reps: 3,
  lapses: 0,
  state: CardState.Review,
  lastReview: noon - 5 * DAY
};
const REVIEW_LATER = { ...REVIEW_DUE, due: noon + 10 * DAY };
/** A learning card on a step of a day or more, due today (Anki's interday learning). */
const INTERDAY = {
  due: noon - 1000,
  stability: 2,
  difficulty: 5,
  scheduledDays: 1,
  learningSteps: 2,
  reps: 2,
  lapses: 0,
  state: CardState.Learning,
  lastReview: noon - DAY
};
/** A learning card on a step within the day (due in 5 minutes). */
const INTRADAY = { ...INTERDAY, due: noon + 5 * 60_000, scheduledDays: 0, learningSteps: 1 };

function card(id: string, schedule: Schedule, noteId: string | null = 'note', extra: Partial<CardInput> = {}): CardRow {
  return withDerivedColumns(cardRow(id, { ord: Number(id.replace(/\D/g, '') || 0), ...schedule, ...(noteId ? { noteId } : {}), ...extra }));
}

async function dbWith(...cards: CardRow[]) {
  const db = freshDb();
  await fixtureWrite(db, async () => {
    await db.decks.bulkPut([
      { id: 'd', title: 'D', description: '', source: 'import', hash: 'h', position: 0 },
      { id: 'e', title: 'E', description: '', source: 'import', hash: 'h', position: 1 }
    ]);
    await db.cards.bulkPut(cards);
  });
  return db;
}

const rules = (on: Partial<StudySettings>): StudySettings => ({ ...DEFAULT_SETTINGS, ...on });
const ALL = { buryNewSiblings: true, buryReviewSiblings: true, buryInterdayLearningSiblings: true };

/** The ids each option buries when `answered` is answered, as Anki's bury_siblings does. */
function buried(answered: CardRow, siblings: CardRow[], on: Partial<StudySettings>) {
  return siblingsToBury(answered, siblings, rules(on), tomorrow).map((c) => c.id);
}

describe("which siblings an answer buries (Anki's options)", () => {
  const note = [card('new1', NEW), card('new2', NEW), card('rev1', REVIEW_DUE), card('rev2', REVIEW_LATER), card('day1', INTERDAY), card('learn1', INTRADAY)];
  const byId = (id: string) => note.find((c) => c.id === id)!;

  it("buries nothing with every option off (Anki's default)", () => {
    expect([DEFAULT_SETTINGS.buryNewSiblings, DEFAULT_SETTINGS.buryReviewSiblings, DEFAULT_SETTINGS.buryInterdayLearningSiblings]).toEqual([
      false,
      false,
      false
    ]);
    for (const answered of note) expect(buried(answered, note, {})).toEqual([]);
  });

  it('each option buries its own kind only: new, reviews due today, interday learning due today', () => {
    const answered = byId('learn1'); // a learning card within the day: every later queue may be buried
    expect(buried(answered, note, { buryNewSiblings: true })).toEqual(['new1', 'new2']);
    expect(buried(answered, note, { buryReviewSiblings: true })).toEqual(['rev1']); // rev2 is not due today
    expect(buried(answered, note, { buryInterdayLearningSiblings: true })).toEqual(['day1']);
    expect(buried(answered, note, ALL)).toEqual(['new1', 'new2', 'rev1', 'day1']);
  });

  it('never buries queues gathered before the answered card: a new card buries only new siblings, a review no interday learning', () => {
    expect(buried(byId('new1'), note, ALL)).toEqual(['new2']);
    expect(buried(byId('rev1'), note, ALL)).toEqual(['new1', 'new2']);
    expect(buried(byId('day1'), note, ALL)).toEqual(['new1', 'new2', 'rev1']);
  });

  it('leaves other notes, learning cards within the day, suspended and already buried siblings alone', () => {
    const others = [card('x1', NEW, 'other'), card('s1', NEW, 'note', { suspended: true }), card('b1', NEW, 'note', { buriedUntil: tomorrow })];
    expect(buried(byId('rev1'), [...note, ...others], ALL)).toEqual(['new1', 'new2']);
  });
});

describe('burying siblings when answering', () => {
  const answer = (db: Awaited<ReturnType<typeof dbWith>>, id: string, on: Partial<StudySettings>, grade: Grade = Rating.Good, shown?: CardRow) =>
    recordAnswerThen(db, scheduler, { cardId: id, grade, now: noon, durationMs: 1000, rules: rules(on), shown }, (tx) =>
      readAfterAnswer(tx, 'd', id, noon, rules(on), null)
    );

  it("buries them until the next study day in the answer's transaction, across decks, and the next card read there is not one of them", async () => {
    const db = await dbWith(card('c1', NEW), card('c2', NEW), card('c3', NEW, 'note', { deckId: 'e' }), card('other', NEW, 'other'));
    const first = (await db.cards.get('c1'))!;
    const { log, next, effects } = await answer(db, 'c1', { buryNewSiblings: true }, Rating.Good, first);
    expect(log!.caused).toEqual({ buried: ['c2', 'c3'] });
    expect(effects!.buried.map((c) => c.id)).toEqual(['c2', 'c3']);
    const stored = await db.cards.bulkGet(['c2', 'c3']);
    expect(stored.map((c) => [c!.queue, c!.buriedUntil])).toEqual([
      [Queue.Buried, tomorrow],
      [Queue.Buried, tomorrow]
    ]);
    // The next card, picked in the same transaction, is the other note's, not a sibling.
    expect('counted' in next! ? next.counted.card?.id : null).toBe('other');
  });

  it('undo unburies exactly the siblings that answer buried', async () => {
    const db = await dbWith(card('c1', NEW), card('c2', NEW), card('c3', NEW), card('mine', NEW, 'other', { buriedUntil: tomorrow }));
    await answer(db, 'c1', { buryNewSiblings: true });
    const undone = await undoLastAnswer(db, 'd');
    expect(undone).toEqual(card('c1', NEW));
    expect(await db.cards.bulkGet(['c2', 'c3'])).toEqual([card('c2', NEW), card('c3', NEW)]);
    expect((await db.cards.get('mine'))!.queue).toBe(Queue.Buried); // buried by the user: left alone
  });

  it('a review sibling due today is buried by answering a review, not by answering a new card', async () => {
    const db = await dbWith(card('r1', REVIEW_DUE), card('r2', REVIEW_DUE), card('n1', NEW));
    await answer(db, 'n1', { buryReviewSiblings: true, buryNewSiblings: true });
    expect((await db.cards.get('r2'))!.queue).toBe(Queue.Review);
    await answer(db, 'r1', { buryReviewSiblings: true });
    expect((await db.cards.get('r2'))!.queue).toBe(Queue.Buried);
  });

  it('the counts followed from the answer equal a fresh count after the siblings left them', async () => {
    const db = await dbWith(card('r1', REVIEW_DUE), card('r2', REVIEW_DUE), card('n1', NEW), card('n2', NEW), card('n3', NEW, 'other'), card('n4', NEW, null));
    const s = rules(ALL);
    const start = await todaysQueue(db, 'd', noon, s);
    expect(start.counts).toMatchObject({ newCount: 4, reviewCount: 2 });
    const shown = start.card!;
    expect(shown.id).toBe('r1');
    const outcome = await recordAnswerThen(db, scheduler, { cardId: shown.id, grade: Rating.Good, now: noon, durationMs: 1000, rules: s, shown }, (tx) =>
      readAfterAnswer(tx, 'd', shown.id, noon, s, start.tally)
    );
    const followed = queueAfterAnswer(outcome.next, shown, outcome.log, noon, s, outcome.effects!.buried)!;
    const fresh = await todaysQueue(db, 'd', noon, s);
    expect(followed.counts).toEqual(fresh.counts);
    expect(followed.counts).toMatchObject({ newCount: 2, reviewCount: 0 });
    expect(followed.card?.id).toBe(fresh.card?.id);
    expect(['n3', 'n4']).toContain(followed.card?.id);
  });

  it('come back on the next study day', async () => {
    const db = await dbWith(card('c1', NEW), card('c2', NEW));
    await answer(db, 'c1', { buryNewSiblings: true });
    const { unburyDue } = await import('../../src/lib/cards/actions');
    expect(await unburyDue(db, tomorrow - 1)).toBe(0);
    expect(await unburyDue(db, tomorrow)).toBe(1);
    expect((await db.cards.get('c2'))!.queue).toBe(Queue.New);
  });
});

describe("a card whose sibling is already in today's session (Anki's queue builder leaves it out)", () => {
  const learning = card('learn1', INTRADAY);

  it('is held back when a sibling is learning within the day and the option for its kind is on', () => {
    expect(heldBackBySibling(card('new1', NEW), [learning], rules({ buryNewSiblings: true }), tomorrow)).toBe(true);
    expect(heldBackBySibling(card('rev1', REVIEW_DUE), [learning], rules({ buryReviewSiblings: true }), tomorrow)).toBe(true);
    expect(heldBackBySibling(card('day1', INTERDAY), [learning], rules({ buryInterdayLearningSiblings: true }), tomorrow)).toBe(true);
  });

  it('is not held back with the option off, by a sibling due after today, in review or new, or by another note', () => {
    expect(heldBackBySibling(card('new1', NEW), [learning], rules({ buryReviewSiblings: true }), tomorrow)).toBe(false);
    expect(heldBackBySibling(card('new1', NEW), [card('late', { ...INTRADAY, due: tomorrow + 1 })], rules(ALL), tomorrow)).toBe(false);
    expect(heldBackBySibling(card('new1', NEW), [card('r', REVIEW_DUE), card('n', NEW)], rules(ALL), tomorrow)).toBe(false);
    expect(heldBackBySibling(card('new1', NEW), [card('x', INTRADAY, 'other')], rules(ALL), tomorrow)).toBe(false);
  });

  it('the study screen buries it until tomorrow instead of showing it', async () => {
    const db = await dbWith(learning, card('new1', NEW), card('solo', NEW, null));
    expect(await buryIfHeldBack(db, (await db.cards.get('solo'))!, noon, rules(ALL))).toBe(false);
    expect(await buryIfHeldBack(db, (await db.cards.get('new1'))!, noon, rules({}))).toBe(false);
    expect(await buryIfHeldBack(db, (await db.cards.get('new1'))!, noon, rules({ buryNewSiblings: true }))).toBe(true);
    expect(await db.cards.get('new1')).toMatchObject({ queue: Queue.Buried, buriedUntil: tomorrow });
  });
});

import { describe, expect, it } from 'vitest';
import { fsrs, get_fuzz_range, Rating } from 'ts-fsrs';
import { answerCard, createBalancedScheduler, type Balance } from '../../src/lib/srs/balance/balanced-scheduler';
import { DayLoad, LOAD_DAYS, readDayLoad } from '../../src/lib/srs/balance/day-load';
import { DayLoadFollower } from '../../src/lib/srs/balance/day-load-follower';
import { NORMAL_WEEK } from '../../src/lib/srs/balance/easy-days';
import { recordAnswerThen } from '../../src/lib/srs/answer';
import { createScheduler, fromFsrsCard, pickSchedule, schedulerParameters, toFsrsCard } from '../../src/lib/srs/scheduler';
import { DEFAULT_SETTINGS, type StudySettings } from '../../src/lib/srs/settings';
import { replayLog } from '../../src/lib/sync/engine/replay';
import { replaySchedule } from '../../src/lib/optimizer/apply';
import { studyDays, weekdayMonday } from '../../src/lib/srs/day-range';
import { CardState, Queue, type CardRow, type Schedule } from '../../src/lib/db/schema';
import { fixtureWrite, seededDb } from './db-helpers';

const DAY = 86_400_000;
const noon = new Date(2026, 0, 10, 12).getTime();
/** A card in review, last seen 20 days ago with stability 20: Good sends it about 20 days out. */
const review: Schedule = {
  due: noon,
  stability: 20,
  difficulty: 5,
  scheduledDays: 20,
  learningSteps: 0,
  reps: 5,
  lapses: 0,
  state: CardState.Review,
  lastReview: noon - 20 * DAY
};
/** Answer times spread over an afternoon: each one gives ts-fsrs another fuzz seed. */
const times = Array.from({ length: 200 }, (_, k) => noon + k * 97_000);

/** A day load of the next LOAD_DAYS days from `now`, with `count(i)` cards on day i. */
function loadFrom(now: number, count: (i: number) => number): DayLoad {
  const range = studyDays(now, DEFAULT_SETTINGS.rolloverHour, 0, LOAD_DAYS);
  return new DayLoad(
    range,
    Array.from({ length: LOAD_DAYS }, (_, i) => (i === 0 ? 0 : count(i)))
  );
}
const balancedBy = (settings: StudySettings, balance: (now: number) => Balance | null) => createBalancedScheduler(settings, { at: balance });
const dayOfInterval = (load: DayLoad, now: number, days: number) => load.dayOf(now + days * DAY);
/** ts-fsrs' fuzz range for `review` answered Good at `now`: around its unfuzzed interval (20 days elapsed). */
function fuzzRange(now: number) {
  const unfuzzed = fsrs({ ...schedulerParameters(DEFAULT_SETTINGS), enable_fuzz: false });
  const ivl = unfuzzed.next(toFsrsCard(review), new Date(now), Rating.Good).card.scheduled_days;
  return get_fuzz_range(ivl, 20, DEFAULT_SETTINGS.maximumInterval);
}

describe('load-balanced answers', () => {
  it("choose a day inside ts-fsrs' own fuzz range, and do move due dates", () => {
    let moved = 0;
    for (const [k, now] of times.entries()) {
      const load = loadFrom(now, (i) => (i * 7 + k * 3) % 23);
      const scheduler = balancedBy(DEFAULT_SETTINGS, () => ({ load, week: NORMAL_WEEK }));
      const result = answerCard(scheduler, review, now, Rating.Good);
      const { min_ivl, max_ivl } = fuzzRange(now);
      expect(max_ivl).toBeGreaterThan(min_ivl + 3);
      expect(result.card.scheduled_days).toBeGreaterThanOrEqual(min_ivl);
      expect(result.card.scheduled_days).toBeLessThanOrEqual(max_ivl);
      expect(result.card.due.getTime()).toBe(now + result.card.scheduled_days * DAY);
      if (result.loadBalanced) {
        moved++;
        expect(result.loadBalanced.chosen).toBe(result.card.scheduled_days);
      }
    }
    expect(moved).toBeGreaterThan(50);
  });

  it('change nothing when load balancing is off, or when the calendar is empty', () => {
    const plain = createScheduler(DEFAULT_SETTINGS);
    const empty = loadFrom(noon, () => 0);
    const off = balancedBy({ ...DEFAULT_SETTINGS, loadBalancing: false }, () => null);
    const onEmpty = balancedBy(DEFAULT_SETTINGS, () => ({ load: empty, week: NORMAL_WEEK }));
    for (const now of times) {
      const expected = plain.next(toFsrsCard(review), new Date(now), Rating.Good).card;
      for (const scheduler of [off, onEmpty]) {
        const result = answerCard(scheduler, review, now, Rating.Good);
        expect(result.card).toEqual(expected);
        expect(result.loadBalanced).toBeUndefined();
      }
    }
  });

  it('put the card on the one empty day of its range', () => {
    const plain = createScheduler(DEFAULT_SETTINGS);
    for (const now of times.slice(0, 50)) {
      const fuzzed = plain.next(toFsrsCard(review), new Date(now), Rating.Good).card.scheduled_days;
      const { min_ivl, max_ivl } = fuzzRange(now);
      // Every day is loaded except one end of the range, the one ts-fsrs did not pick.
      const target = fuzzed === min_ivl ? max_ivl : min_ivl;
      const free = dayOfInterval(
        loadFrom(now, () => 0),
        now,
        target
      );
      const load = loadFrom(now, (i) => (i === free ? 0 : 30));
      const result = answerCard(
        balancedBy(DEFAULT_SETTINGS, () => ({ load, week: NORMAL_WEEK })),
        review,
        now,
        Rating.Good
      );
      expect(result.card.scheduled_days).toBe(target);
      expect(result.loadBalanced).toEqual({ fuzzed, chosen: target });
    }
  });

  it('never land on a weekday at Minimum while another day in range may take the card', () => {
    const plain = createScheduler(DEFAULT_SETTINGS);
    let plainOnSaturday = 0;
    for (const now of times) {
      const load = loadFrom(now, () => 5);
      const week = [1, 1, 1, 1, 1, 0, 1]; // Saturday at Minimum
      const result = answerCard(
        balancedBy(DEFAULT_SETTINGS, () => ({ load, week })),
        review,
        now,
        Rating.Good
      );
      expect(weekdayMonday(load.range, dayOfInterval(load, now, result.card.scheduled_days))).not.toBe(5);
      const fuzzed = plain.next(toFsrsCard(review), new Date(now), Rating.Good).card.scheduled_days;
      if (weekdayMonday(load.range, dayOfInterval(load, now, fuzzed)) === 5) plainOnSaturday++;
    }
    // Without easy days ts-fsrs' fuzz alone does put some of these answers on a Saturday.
    expect(plainOnSaturday).toBeGreaterThan(10);
  });

  it('are repeatable: the same answer on the same calendar gives the same day (ts-fsrs seed)', () => {
    for (const now of times.slice(0, 40)) {
      const load = loadFrom(now, (i) => (i * 5) % 17);
      const scheduler = balancedBy(DEFAULT_SETTINGS, () => ({ load, week: NORMAL_WEEK }));
      expect(answerCard(scheduler, review, now, Rating.Good)).toEqual(answerCard(scheduler, review, now, Rating.Good));
    }
  });

  it('leave intervals beyond 90 days to the plain fuzz (Anki balances up to 90)', () => {
    const long = { ...review, stability: 300, scheduledDays: 300, lastReview: noon - 300 * DAY };
    const plain = createScheduler(DEFAULT_SETTINGS);
    for (const now of times.slice(0, 40)) {
      const load = loadFrom(now, (i) => i % 9);
      const result = answerCard(
        balancedBy(DEFAULT_SETTINGS, () => ({ load, week: [0, 0, 0, 0, 0, 1, 1] })),
        long,
        now,
        Rating.Good
      );
      expect(result.card).toEqual(plain.next(toFsrsCard(long), new Date(now), Rating.Good).card);
    }
  });
});

describe('a balanced answer in the database, and its replay', () => {
  async function reviewCardDb() {
    const db = await seededDb('d', 2, noon - 30 * DAY);
    const card = (await db.cards.get('d-c0'))!;
    await fixtureWrite(db, () => db.cards.put({ ...card, ...review, queue: Queue.Review } as CardRow));
    return db;
  }

  it('records the chosen day on the log row; sync replay and the optimizer rebuild it; new settings replay plainly', async () => {
    let checked = 0;
    for (const now of times.slice(0, 30)) {
      const db = await reviewCardDb();
      const load = loadFrom(now, (i) => (i * 11) % 29);
      const scheduler = balancedBy(DEFAULT_SETTINGS, () => ({ load, week: NORMAL_WEEK }));
      const outcome = await recordAnswerThen(db, scheduler, { cardId: 'd-c0', grade: Rating.Good, now, durationMs: 1000 }, async () => null);
      const stored = pickSchedule((await db.cards.get('d-c0'))!);
      const logs = await db.reviewLogs.toArray();
      expect(logs).toEqual([outcome.log]);
      if (!outcome.log!.loadBalanced) continue;
      checked++;
      expect(stored.scheduledDays).toBe(outcome.log!.loadBalanced.chosen);
      // Replay (sync, on any device) and the optimizer's reschedule know nothing of this calendar.
      expect(replayLog(createScheduler(DEFAULT_SETTINGS), logs)).toEqual(stored);
      // With other settings the fuzzed interval differs and the old choice no longer applies.
      const other = { ...DEFAULT_SETTINGS, desiredRetention: 0.8 };
      const replayed = replayLog(createScheduler(other), logs)!;
      const fresh = fromFsrsCard(createScheduler(other).next(toFsrsCard(review), new Date(now), Rating.Good).card);
      expect(replayed).toEqual(fresh);
      db.close();
    }
    expect(checked).toBeGreaterThan(10);
  });

  it("the optimizer's replay keeps the last answer's balanced day", async () => {
    const load = loadFrom(noon + 3 * DAY, (i) => (i * 11) % 29);
    const scheduler = balancedBy(DEFAULT_SETTINGS, () => ({ load, week: NORMAL_WEEK }));
    // A new card answered Easy (a fuzzed graduation), then Good once it is due: the last interval is balanced.
    let balancedLast = false;
    for (let k = 0; k < 30 && !balancedLast; k++) {
      const fresh = await seededDb('d', 1, noon);
      let t = noon + k * 61_000;
      let last = null;
      for (const grade of [Rating.Easy, Rating.Good] as const) {
        const out = await recordAnswerThen(fresh, scheduler, { cardId: 'd-c0', grade, now: t, durationMs: 1000 }, async () => null);
        last = out.log!;
        t = (await fresh.cards.get('d-c0'))!.due + 3_600_000;
      }
      if (last?.loadBalanced) {
        balancedLast = true;
        const logs = await fresh.reviewLogs.orderBy('review').toArray();
        expect(replaySchedule(createScheduler(DEFAULT_SETTINGS), logs)).toEqual(pickSchedule((await fresh.cards.get('d-c0'))!));
      }
      fresh.close();
    }
    expect(balancedLast).toBe(true);
  });

  it("the follower counts the answered card on its new day, and reads the day load from the cards' due dates", async () => {
    const db = await reviewCardDb();
    const settings = DEFAULT_SETTINGS;
    const follower = new DayLoadFollower(
      () => db,
      () => settings,
      () => noon
    );
    expect(follower.at(noon)).toBeNull(); // the first call starts the read
    await follower.ready(noon);
    const balance = follower.at(noon)!;
    expect([...balance.load.counts].reduce((a, b) => a + b, 0)).toBe(0); // the review card is due today, not counted
    const scheduler = createBalancedScheduler(settings, follower);
    await recordAnswerThen(db, scheduler, { cardId: 'd-c0', grade: Rating.Good, now: noon, durationMs: 1000 }, async () => null);
    const due = (await db.cards.get('d-c0'))!.due;
    const followed = follower.at(noon)!.load;
    const day = followed.dayOf(due);
    expect(day).toBeGreaterThan(0);
    expect(followed.counts[day]).toBe(1);
    // A fresh read from the database agrees with the followed counts.
    expect([...(await readDayLoad(db, noon, settings.rolloverHour)).counts]).toEqual([...followed.counts]);
  });
});

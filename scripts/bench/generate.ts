/**
 * Deterministic synthetic collections for the benchmark. The same seed and card count give the
 * same decks, cards and review logs (times are offsets from the `now` passed in, so "due today"
 * means the same thing whenever the run happens). Review histories are produced by the app's
 * own scheduler (ts-fsrs with the default settings), so every field is what the app would write.
 *
 * Used in the page (bundled into the harness, to write straight into IndexedDB) and in Node
 * (to write the CSV files for the importer).
 */
import type { Grade, ReviewLog } from 'ts-fsrs';
import { Queue, type CardRow, type DeckRow, type ReviewLogRow, type Schedule } from '../../src/lib/db/schema';
import { createScheduler, fromFsrsCard, newSchedule, toFsrsCard } from '../../src/lib/srs/scheduler';
import { DEFAULT_SETTINGS } from '../../src/lib/srs/settings';
import { seededRandom as prng } from '../../src/lib/random';

export { prng };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Logs per reviewed card (the issue: "10 logs per reviewed card, so up to 500k logs" at 50k). */
export const LOGS_PER_REVIEWED_CARD = 10;

/** Share of cards in each state: new never studied, learning (relearning after a lapse), review. */
export const STATE_MIX = { new: 0.2, learning: 0.01, review: 0.79 };
/** Share of review cards last answered earlier today (their log rows count toward today's limits). */
export const REVIEWED_TODAY = 0.01;

/** Decks of the synthetic collection and the share of cards in each; the first is studied. */
export const BENCH_DECKS = [
  { id: 'bench-1', title: 'Bench: systems design', weight: 0.4 },
  { id: 'bench-2', title: 'Bench: networking', weight: 0.25 },
  { id: 'bench-3', title: 'Bench: databases', weight: 0.15 },
  { id: 'bench-4', title: 'Bench: Linux', weight: 0.12 },
  { id: 'bench-5', title: 'Bench: behavioral', weight: 0.08 }
] as const;
export const STUDY_DECK = BENCH_DECKS[0].id;

/**
 * Study limits stored for the run: high enough that 1,200 answers in one deck never hit the
 * daily limits (the queries the app runs are the same whatever the limits are).
 */
export const BENCH_SETTINGS = { newPerDay: 9999, reviewsPerDay: 9999 };

/** UUIDv7 layout (48-bit ms timestamp, version 7, variant 10) with bits from the seeded PRNG. */
export function seededUuidv7(time: number, rand: () => number): string {
  const bytes = new Array<number>(16);
  let ts = Math.max(0, Math.floor(time));
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ts % 256;
    ts = Math.floor(ts / 256);
  }
  for (let i = 6; i < 16; i++) bytes[i] = Math.floor(rand() * 256);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const WORDS = (
  'process thread socket kernel buffer cache index query table join latency throughput queue lock mutex ' +
  'signal pipe file inode mount route packet header window retry timeout replica shard leader follower ' +
  'commit rollback isolation deadlock scheduler memory page fault swap disk block journal checksum hash ' +
  'tree heap stack graph edge vertex search sort merge partition key value stream batch event log metric ' +
  'alert incident owner customer decision trade-off deadline feedback conflict priority risk estimate'
).split(' ');
const TAGS = ['linux', 'networking', 'sql', 'python', 'perl', 'shell', 'security', 'os', 'storage', 'design', 'behavioral', 'data-structures'];
const LANGS = ['bash', 'python', 'sql', 'perl'];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

function sentence(rand: () => number, min: number, max: number): string {
  const n = min + Math.floor(rand() * (max - min + 1));
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(pick(rand, WORDS));
  const text = words.join(' ');
  return text[0].toUpperCase() + text.slice(1);
}

/** Card text shaped like the built-in decks: a one-line question, a short answer, sometimes code. */
export function cardText(rand: () => number): { front: string; back: string; more?: string; tags: string[] } {
  const front = `${sentence(rand, 6, 16)}?`;
  const paragraphs = [`${sentence(rand, 12, 30)}.`];
  if (rand() < 0.5) paragraphs.push(`- ${sentence(rand, 3, 8)}\n- ${sentence(rand, 3, 8)}\n- \`${pick(rand, WORDS)}\` ${sentence(rand, 2, 6)}`);
  if (rand() < 0.15) {
    const lang = pick(rand, LANGS);
    paragraphs.push(`\`\`\`${lang}\n${pick(rand, WORDS)} --${pick(rand, WORDS)} ${pick(rand, WORDS)} | ${pick(rand, WORDS)} -n 10\n\`\`\``);
  }
  const more = rand() < 0.2 ? `${sentence(rand, 15, 40)}.` : undefined;
  const tagCount = 1 + Math.floor(rand() * 3);
  const tags = [...new Set(Array.from({ length: tagCount }, () => pick(rand, TAGS)))].sort();
  return { front, back: paragraphs.join('\n\n'), ...(more ? { more } : {}), tags };
}

export function benchDeckRows(): DeckRow[] {
  return BENCH_DECKS.map((d, i) => ({
    id: d.id,
    title: d.title,
    description: `Synthetic benchmark deck ${i + 1}`,
    source: 'import',
    hash: `bench${i + 1}`,
    position: 1000 + i
  }));
}

function grade(rand: () => number, state: number): Grade {
  const r = rand();
  if (state === 2) return (r < 0.08 ? 1 : r < 0.2 ? 2 : r < 0.9 ? 3 : 4) as Grade;
  return (r < 0.1 ? 1 : r < 0.15 ? 2 : r < 0.95 ? 3 : 4) as Grade;
}

export interface GeneratedBatch {
  cards: CardRow[];
  logs: ReviewLogRow[];
}

export interface GenerateOptions {
  cards: number;
  seed: number;
  /** Reference time: due dates and review times are placed relative to it. */
  now: number;
  /** Cards per yielded batch. */
  batchSize?: number;
  /** Generate only the card content as new cards (what a CSV import produces); no history. */
  contentOnly?: boolean;
  /** Review logs per reviewed card (default LOGS_PER_REVIEWED_CARD; the sync bench asks for more to reach 500k logs at 50k cards). */
  logsPerReviewedCard?: number;
}

/**
 * Yields the collection in batches (bounded memory at 50k cards / 400k logs). Cards are spread
 * over BENCH_DECKS by weight; states follow STATE_MIX; every reviewed card has exactly
 * LOGS_PER_REVIEWED_CARD logs simulated with ts-fsrs, then placed so the last review is in the
 * past and the due dates fall realistically (most in the future, some due today or overdue).
 */
export function* generateCollection(opts: GenerateOptions): Generator<GeneratedBatch> {
  const rand = prng(opts.seed);
  // Intervals capped at 180 days so ten reviews span one to three years, like a real collection.
  const scheduler = createScheduler({ ...DEFAULT_SETTINGS, maximumInterval: 180 });
  const batchSize = opts.batchSize ?? 2000;
  const logsPerCard = opts.logsPerReviewedCard ?? LOGS_PER_REVIEWED_CARD;
  const ords = new Map<string, number>();
  const cum: number[] = [];
  BENCH_DECKS.reduce((sum, d) => (cum.push(sum + d.weight), sum + d.weight), 0);
  const simStart = opts.now - 1000 * DAY;
  let batch: GeneratedBatch = { cards: [], logs: [] };

  for (let i = 0; i < opts.cards; i++) {
    const r = rand();
    const deckIndex = Math.max(
      0,
      cum.findIndex((c) => r < c)
    );
    const deckId = BENCH_DECKS[deckIndex].id;
    const ord = ords.get(deckId) ?? 0;
    ords.set(deckId, ord + 1);
    const text = cardText(rand);
    const id = `${deckId}-${i.toString(36).padStart(5, '0')}`;
    const kind = opts.contentOnly ? 'new' : rand() < STATE_MIX.new ? 'new' : rand() < STATE_MIX.learning / (1 - STATE_MIX.new) ? 'learning' : 'review';

    let schedule: Schedule;
    let createdAt: number;
    const logs: ReviewLogRow[] = [];
    if (kind === 'new') {
      createdAt = opts.now - Math.floor(rand() * 60 * DAY);
      schedule = newSchedule(createdAt);
    } else {
      // Simulate the history from a fixed start, then translate it in time (below).
      let t = simStart + Math.floor(rand() * DAY);
      schedule = newSchedule(t);
      const raw: { at: number; rating: Grade; before: Schedule; after: Schedule; log: ReviewLog }[] = [];
      for (let n = 0; n < logsPerCard; n++) {
        if (n > 0) {
          const wait = Math.max(0, schedule.due - t);
          // Reviews come on time or late (a little for learning steps, up to 30% of the interval for reviews).
          t = schedule.due + Math.floor(rand() * (schedule.state === 2 ? wait * 0.3 : 5 * MINUTE));
        }
        const last = n === logsPerCard - 1;
        let rating: Grade = grade(rand, schedule.state);
        if (last) rating = kind === 'learning' ? 1 : rating === 1 ? 3 : rating; // learning cards end on a lapse
        const { card, log } = scheduler.next(toFsrsCard(schedule), new Date(t), rating);
        const after = fromFsrsCard(card);
        raw.push({ at: t, rating, before: schedule, after, log });
        schedule = after;
      }
      const lastAt = raw[raw.length - 1].at;
      const interval = Math.max(MINUTE, schedule.due - lastAt);
      let lastReview: number;
      if (kind === 'learning' || schedule.state !== 2) lastReview = opts.now - Math.floor(rand() * 30 * MINUTE);
      else if (rand() < REVIEWED_TODAY)
        lastReview = opts.now - Math.floor(rand() * 3 * HOUR); // answered earlier today
      else lastReview = opts.now - Math.floor(rand() * 1.15 * interval); // > interval: overdue
      const shift = lastReview - lastAt;
      const move = (s: Schedule): Schedule => ({ ...s, due: s.due + shift, lastReview: s.lastReview === null ? null : s.lastReview + shift });
      createdAt = raw[0].at + shift - Math.floor(rand() * 30 * DAY);
      for (const entry of raw) {
        const at = entry.at + shift;
        logs.push({
          id: seededUuidv7(at, rand),
          cardId: id,
          deckId,
          rating: entry.rating,
          review: at,
          duration: 2000 + Math.floor(rand() * 25_000),
          state: entry.log.state,
          due: entry.log.due.getTime() + shift,
          stability: entry.log.stability,
          difficulty: entry.log.difficulty,
          elapsedDays: entry.log.elapsed_days,
          scheduledDays: entry.log.scheduled_days,
          learningSteps: entry.log.learning_steps,
          before: move(entry.before)
        });
      }
      schedule = move(schedule);
    }
    const queue = schedule.state === 0 ? Queue.New : schedule.state === 2 ? Queue.Review : Queue.Learning;
    batch.cards.push({
      id,
      deckId,
      ord,
      front: text.front,
      back: text.back,
      ...(text.more ? { more: text.more } : {}),
      tags: text.tags,
      createdAt,
      updatedAt: createdAt,
      ...schedule,
      queue,
      suspended: false,
      retired: false
    });
    for (const log of logs) batch.logs.push(log);
    if (batch.cards.length >= batchSize) {
      yield batch;
      batch = { cards: [], logs: [] };
    }
  }
  if (batch.cards.length) yield batch;
}

/** RFC 4180 field: quoted when it contains a comma, quote or line break. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A CSV (header front,back,tags) of `cards` new cards, as a user would export from a spreadsheet. */
export function generateCsv(cards: number, seed: number, columns: readonly string[] = ['front', 'back', 'tags']): string {
  const rand = prng(seed);
  const lines = [columns.join(',')];
  for (let i = 0; i < cards; i++) {
    const text = cardText(rand);
    const values: Record<string, string> = { front: `${text.front} (#${i})`, back: text.back, tags: text.tags.join(' '), more: text.more ?? '' };
    lines.push(columns.map((c) => csvField(values[c] ?? '')).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

import type { FlashcardDatabase } from '../db/database';
import type { CardRow } from '../db/schema';
import { seededRandom } from '../random';
import { CardIndex } from '../db/stores';

export { seededRandom };

/**
 * Practice (cram) and interview drills: study cards outside the schedule. Nothing here writes
 * to the database, so schedules and the review log are never changed by practice.
 */
export interface PracticeOptions {
  deckIds: string[];
  tag?: string;
  /** How many cards; 0 = all that match. */
  count: number;
  shuffle: boolean;
  seed: number;
}

export type PracticeGrade = 'missed' | 'partly' | 'got';

export interface PracticeResult {
  card: CardRow;
  grade: PracticeGrade;
  /** Milliseconds spent on the card. */
  time: number;
  /** The time limit ran out before the answer was shown. */
  timedOut: boolean;
}

export function shuffled<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Cards for a practice session from the chosen decks (studiable ones only: not suspended, deleted or retired). */
export async function practiceCards(db: FlashcardDatabase, options: PracticeOptions): Promise<CardRow[]> {
  const pool: CardRow[] = [];
  for (const deckId of options.deckIds) {
    const cards = await db.cards
      .where(CardIndex.deckId)
      .equals(deckId)
      .filter((c) => !c.deleted && !c.retired && !c.suspended && (!options.tag || c.tags.includes(options.tag)))
      .toArray();
    pool.push(...cards.sort((a, b) => a.ord - b.ord));
  }
  const ordered = options.shuffle ? shuffled(pool, seededRandom(options.seed)) : pool;
  return options.count > 0 ? ordered.slice(0, options.count) : ordered;
}

export interface TopicScore {
  topic: string;
  total: number;
  missed: number;
  partly: number;
  /** 0..1, missed counts 1, partly 0.5. */
  weakness: number;
}

export interface PracticeSummary {
  total: number;
  got: number;
  partly: number;
  missed: number;
  averageTime: number;
  /** Topics (tags, else deck) ordered weakest first; only those with at least one miss or partial. */
  weakTopics: TopicScore[];
}

export function summarize(results: PracticeResult[], deckTitles: Map<string, string> = new Map()): PracticeSummary {
  const topics = new Map<string, TopicScore>();
  for (const r of results) {
    const names = r.card.tags.length ? r.card.tags : [deckTitles.get(r.card.deckId) ?? r.card.deckId];
    for (const topic of names) {
      const t = topics.get(topic) ?? { topic, total: 0, missed: 0, partly: 0, weakness: 0 };
      t.total++;
      if (r.grade === 'missed') t.missed++;
      if (r.grade === 'partly') t.partly++;
      t.weakness = (t.missed + t.partly / 2) / t.total;
      topics.set(topic, t);
    }
  }
  const count = (g: PracticeGrade) => results.filter((r) => r.grade === g).length;
  return {
    total: results.length,
    got: count('got'),
    partly: count('partly'),
    missed: count('missed'),
    averageTime: results.length ? results.reduce((s, r) => s + r.time, 0) / results.length : 0,
    weakTopics: [...topics.values()]
      .filter((t) => t.missed + t.partly > 0)
      .sort((a, b) => b.weakness - a.weakness || b.missed - a.missed || a.topic.localeCompare(b.topic))
  };
}

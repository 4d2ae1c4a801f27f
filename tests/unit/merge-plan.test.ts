import { describe, expect, it } from 'vitest';
import type { CardRow } from '../../src/lib/db/schema';
import { planDeckMerge, retired, type IncomingCard } from '../../src/lib/decks/merge-plan';
import { newSchedule } from '../../src/lib/srs/scheduler';

const T0 = Date.UTC(2026, 0, 1);
const NOW = T0 + 86_400_000;

function stored(id: string, ord: number, extra: Partial<CardRow> = {}): CardRow {
  return {
    id,
    deckId: 'd',
    ord,
    front: `Q ${id}`,
    back: `A ${id}`,
    tags: ['t'],
    createdAt: T0,
    updatedAt: T0,
    ...newSchedule(T0),
    queue: 0,
    suspended: false,
    retired: false,
    ...extra
  };
}
const file = (id: string, extra: Partial<IncomingCard> = {}): IncomingCard => ({ id, front: `Q ${id}`, back: `A ${id}`, tags: ['t'], ...extra });

describe('the deck-merge planner', () => {
  it('adds, updates in place, leaves unchanged and lists missing cards, matched by id', () => {
    const plan = planDeckMerge([stored('a', 0), stored('b', 1), stored('c', 2)], [file('a'), file('b', { back: 'new answer' }), file('n')], NOW);
    expect(plan.added).toEqual([{ card: file('n'), ord: 2 }]);
    expect(plan.updated).toEqual([{ ...stored('b', 1), back: 'new answer', updatedAt: NOW }]);
    expect(plan.unchanged).toBe(1);
    expect(plan.missing.map((c) => c.id)).toEqual(['c']);
    expect(plan.rewritten).toEqual([]);
  });

  it('never touches the schedule of an updated card', () => {
    const studied = stored('a', 0, { state: 2, due: T0 + 9e8, stability: 12.5, reps: 4, lastReview: T0 });
    const [next] = planDeckMerge([studied], [file('a', { front: 'clearer question' })], NOW).updated;
    expect(next).toMatchObject({ state: 2, due: T0 + 9e8, stability: 12.5, reps: 4, lastReview: T0, createdAt: T0, front: 'clearer question' });
  });

  it('compares tags as lists: order and the separator cannot hide a change (the two old comparisons differed)', () => {
    const tagged = stored('a', 0, { tags: ['x,y'] });
    expect(planDeckMerge([tagged], [file('a', { tags: ['x', 'y'] })], NOW).updated).toHaveLength(1);
    expect(planDeckMerge([stored('a', 0, { tags: ['x', 'y'] })], [file('a', { tags: ['y', 'x'] })], NOW).updated).toHaveLength(1);
    expect(planDeckMerge([stored('a', 0, { tags: ['x', 'y'] })], [file('a', { tags: ['x', 'y'] })], NOW).unchanged).toBe(1);
  });

  it("keeps the user's edited text (built-in and imported decks alike) and counts it, while the order follows the file", () => {
    const edited = stored('a', 0, { front: 'my own wording', edited: true });
    const plan = planDeckMerge([stored('b', 1), edited], [file('b'), file('a', { back: 'deck fix' })], NOW);
    expect(plan.keptEdits).toBe(1);
    expect(plan.updated).toEqual([]);
    expect(plan.rewritten).toEqual([
      { ...stored('b', 1), ord: 0 },
      { ...edited, ord: 1 }
    ]);
  });

  it('brings a retired card back as an update, and never lists retired cards as missing', () => {
    const plan = planDeckMerge([stored('a', 0, { retired: true }), stored('gone', 1, { retired: true })], [file('a')], NOW);
    expect(plan.updated).toEqual([{ ...stored('a', 0), retired: false }]);
    expect(plan.missing).toEqual([]);
  });

  it('writes new stored HTML without calling it an update, drops HTML of replaced text, and keeps HTML on edited cards', () => {
    const html = (v: string) => ({ front: `<p>${v}</p>`, back: '<p>A</p>', source: v });
    const plan = planDeckMerge(
      [
        stored('a', 0, { rendered: html('old') }),
        stored('b', 1, { rendered: html('b') }),
        stored('e', 2, { rendered: html('e'), edited: true, front: 'mine' })
      ],
      [file('a', { rendered: html('new') }), file('b', { front: 'changed' }), file('e', { rendered: html('deck') })],
      NOW
    );
    expect(plan.rewritten).toEqual([{ ...stored('a', 0), rendered: html('new') }]);
    expect(plan.updated).toHaveLength(1);
    expect(plan.updated[0].rendered).toBeUndefined();
    expect(plan.keptEdits).toBe(1);
    expect(plan.unchanged).toBe(1);
  });

  it('retired() hides cards from study and keeps everything else', () => {
    expect(retired([stored('a', 0, { reps: 3 })])).toEqual([{ ...stored('a', 0, { reps: 3 }), retired: true }]);
  });
});

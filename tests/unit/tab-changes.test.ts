import { afterEach, describe, expect, it, vi } from 'vitest';
import { announceChange, onOtherTabChange, refreshOnOtherTabChange, type DataChange } from '../../src/lib/db/changes';

// Another tab is another BroadcastChannel on the same name (Node has BroadcastChannel too).
const CHANNEL = 'interview-flashcards:changes';
const opened: BroadcastChannel[] = [];
function otherTab(): BroadcastChannel {
  const channel = new BroadcastChannel(CHANNEL);
  opened.push(channel);
  return channel;
}
const nextMessage = (channel: BroadcastChannel) => new Promise<DataChange>((resolve) => (channel.onmessage = (e: MessageEvent<DataChange>) => resolve(e.data)));

afterEach(() => opened.splice(0).forEach((c) => c.close()));

describe('changes between tabs', () => {
  it('an announced change reaches the other tabs', async () => {
    const other = otherTab();
    const received = nextMessage(other);
    announceChange({ deckIds: ['d'], cardIds: ['d-c0'] });
    expect(await received).toEqual({ deckIds: ['d'], cardIds: ['d-c0'] });
  });

  it("another tab's change reaches this tab's listeners until they unsubscribe", async () => {
    const heard: DataChange[] = [];
    const all: DataChange[] = [];
    const stop = onOtherTabChange((c) => heard.push(c));
    const stopAll = onOtherTabChange((c) => all.push(c));
    otherTab().postMessage({ deckIds: ['a'] });
    await vi.waitFor(() => expect(heard).toEqual([{ deckIds: ['a'] }]));
    stop();
    otherTab().postMessage({ deckIds: ['b'] });
    // Listeners are called together: once the other one has it, this one would have had it too.
    await vi.waitFor(() => expect(all).toHaveLength(2));
    stopAll();
    expect(heard).toEqual([{ deckIds: ['a'] }]);
  });

  it('a burst of changes leads to one refresh at a time and one more after it, not one per change', async () => {
    const runs: DataChange[] = [];
    let finish!: () => void;
    const stop = refreshOnOtherTabChange(async (change) => {
      runs.push(change);
      if (runs.length === 1) await new Promise<void>((resolve) => (finish = resolve));
    });
    let messages = 0;
    const stopCounting = onOtherTabChange(() => messages++);
    const other = otherTab();
    other.postMessage({ deckIds: ['a'] });
    await vi.waitFor(() => expect(runs).toHaveLength(1));
    for (const deckId of ['b', 'c', 'b']) other.postMessage({ deckIds: [deckId] });
    await vi.waitFor(() => expect(messages).toBe(4));
    expect(runs).toHaveLength(1);
    finish();
    await vi.waitFor(() => expect(runs).toHaveLength(2));
    await new Promise((resolve) => setTimeout(resolve));
    stop();
    stopCounting();
    expect(runs).toEqual([{ deckIds: ['a'] }, { deckIds: ['b', 'c'], cardIds: undefined }]);
  });
});

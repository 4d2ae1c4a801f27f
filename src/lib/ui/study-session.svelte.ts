import type { FSRS, Grade } from 'ts-fsrs';
import type { FlashcardDatabase } from '../db/database';
import type { CardRow, DeckRow } from '../db/schema';
import { buryCards, setSuspended } from '../cards/actions';
import { requestPersistenceOnce } from '../pwa/storage';
import { recordAnswer, undoLastAnswer, latestAnswer } from '../srs/answer';
import { deckCounts, nextCard, nextCardAhead, nextDueTime, type DeckCounts } from '../srs/queue';
import { createScheduler, formatInterval, GRADES, previewGrades } from '../srs/scheduler';
import { settingsForDeck, type StudySettings } from '../srs/settings';
import { loadSettings } from '../srs/settings-store';

export type Phase = 'loading' | 'question' | 'answer' | 'done' | 'missing';

/** Remembers the card on screen and whether its answer was shown, so a reload resumes there. */
const resumeKey = (deckId: string) => `study:${deckId}`;
interface Resume {
  cardId: string;
  reps: number;
  revealed: boolean;
}

/**
 * The state of one study screen. Every answer is committed to IndexedDB before the next card
 * is chosen, and the next card is always re-read from the database, so nothing lives only here.
 */
export class StudySession {
  phase = $state<Phase>('loading');
  deck = $state<DeckRow | null>(null);
  card = $state<CardRow | null>(null);
  counts = $state<DeckCounts>({ newCount: 0, learningCount: 0, reviewCount: 0, answeredToday: 0 });
  labels = $state<Record<number, string>>({});
  nextDue = $state<number | null>(null);
  canUndo = $state(false);
  busy = $state(false);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);

  private settings!: StudySettings;
  private scheduler!: FSRS;
  private shownAt = 0;

  /** Review-ahead sessions show cards due within this many days, ignoring limits. */
  readonly aheadDays: number;

  constructor(
    private db: FlashcardDatabase,
    private deckId: string,
    private clock: () => number = Date.now,
    aheadDays = 0
  ) {
    this.aheadDays = aheadDays;
  }

  /** Fraction of today's work done in this deck, for the progress bar. */
  get progress(): number {
    const c = this.counts;
    const left = c.newCount + c.learningCount + c.reviewCount;
    const total = c.answeredToday + left;
    if (total === 0) return this.phase === 'done' ? 1 : 0; // counts not loaded yet: no false "complete"
    return c.answeredToday / total;
  }

  async start(): Promise<void> {
    this.deck = (await this.db.decks.get(this.deckId)) ?? null;
    this.settings = settingsForDeck(await loadSettings(this.db), this.deck);
    this.scheduler = createScheduler(this.settings);
    if (!this.deck) {
      this.phase = 'missing';
      return;
    }
    await this.advance(this.readResume());
  }

  reveal(): void {
    if (this.phase !== 'question' || !this.card) return;
    this.phase = 'answer';
    this.saveResume();
  }

  async answer(grade: Grade): Promise<void> {
    if (this.phase !== 'answer' || !this.card || this.busy) return;
    this.notice = null;
    await this.guard(async () => {
      const now = this.clock();
      await recordAnswer(this.db, this.scheduler, this.card!.id, grade, now, now - this.shownAt);
      this.canUndo = true;
      // After the first answer there is history worth keeping: ask the browser not to evict it.
      requestPersistenceOnce().catch(() => undefined);
      await this.advance(null);
    });
  }

  async undo(): Promise<void> {
    if (this.busy || !this.canUndo) return;
    await this.guard(async () => {
      const card = await undoLastAnswer(this.db, this.deckId);
      if (card) await this.show(card, false);
      else await this.advance(null);
    });
  }

  /** Hides the current card until tomorrow and moves on. */
  async bury(): Promise<void> {
    if (!this.card || this.busy) return;
    const id = this.card.id;
    await this.guard(async () => {
      await buryCards(this.db, [id], this.clock(), this.settings.rolloverHour);
      this.notice = 'Card buried until tomorrow';
      await this.advance(null);
    });
  }

  /** Takes the current card out of study until it is unsuspended in Browse. */
  async suspend(): Promise<void> {
    if (!this.card || this.busy) return;
    const id = this.card.id;
    await this.guard(async () => {
      await setSuspended(this.db, [id], true);
      this.notice = 'Card suspended (unsuspend it in Browse)';
      await this.advance(null);
    });
  }

  private async guard(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      await work();
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      this.busy = false;
    }
  }

  private async advance(resume: Resume | null): Promise<void> {
    const now = this.clock();
    const stored = resume ? await this.db.cards.get(resume.cardId) : undefined;
    // Resume the card that was on screen only if it was not answered since and is still studiable here.
    const resumed = stored && stored.deckId === this.deckId && stored.queue >= 0 && stored.reps === resume!.reps ? stored : undefined;
    const card = resumed ?? (this.aheadDays > 0 ? await nextCardAhead(this.db, this.deckId, now + this.aheadDays * 86_400_000) : await nextCard(this.db, this.deckId, now, this.settings));
    if (card) {
      await this.show(card, resumed === card && !!resume?.revealed);
    } else {
      this.card = null;
      this.phase = 'done';
      this.nextDue = await nextDueTime(this.db, this.deckId, now, this.settings);
      sessionStorage.removeItem(resumeKey(this.deckId));
      await this.refreshCounts(now);
    }
  }

  private async show(card: CardRow, revealed: boolean): Promise<void> {
    const now = this.clock();
    this.card = card;
    this.shownAt = now;
    const preview = previewGrades(this.scheduler, card, now);
    this.labels = Object.fromEntries(GRADES.map((g) => [g, formatInterval(preview[g].due - now)]));
    this.phase = revealed ? 'answer' : 'question';
    this.saveResume();
    // The card is on screen and takes keys now; the header counts follow a moment later.
    void this.refreshCounts(now);
  }

  private countsRequest = 0;

  private async refreshCounts(now: number): Promise<void> {
    const request = ++this.countsRequest;
    try {
      const [counts, latest] = await Promise.all([deckCounts(this.db, this.deckId, now, this.settings), latestAnswer(this.db, this.deckId)]);
      if (request !== this.countsRequest) return; // a newer refresh is on its way
      this.counts = counts;
      this.canUndo = !!latest;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
  }

  private saveResume(): void {
    if (!this.card) return;
    const resume: Resume = { cardId: this.card.id, reps: this.card.reps, revealed: this.phase === 'answer' };
    sessionStorage.setItem(resumeKey(this.deckId), JSON.stringify(resume));
  }

  private readResume(): Resume | null {
    try {
      const raw = sessionStorage.getItem(resumeKey(this.deckId));
      return raw ? JSON.parse(raw) : null;
    } catch {
      return null;
    }
  }
}

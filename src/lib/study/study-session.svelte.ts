import type { FSRS, Grade } from 'ts-fsrs';
import type { FlashcardDatabase } from '../db/database';
import { concernsDeck, refreshOnOtherTabChange } from '../db/changes';
import { checkDatabase } from '../backup/auto/database-reset.svelte';
import { openCurrentDatabase, type Readable, type ReadTx } from '../db/raw';
import { cardById, deckAndSetting } from '../db/rows';
import type { CardRow, DeckRow } from '../db/schema';
import { changeSince, describeCardChange } from '../srs/card-change';
import { deckTally, nextCardAhead, nextDueTime, todaysQueueCardFirst, todaysQueueIn, type DeckCounts, type QueueTally } from '../srs/queue';
import { countsFromTally } from '../srs/queue-tally';
import { settingsForDeck, STUDY_SETTINGS_KEY, studySettingsFrom, type StudySettings } from '../srs/settings';
import { anyBurying } from '../srs/bury-rules';
import { isGuardRefusal, isOutOfSpace, writeErrorMessage } from '../db/write-errors';
import { writeGate } from '../db/write-outcomes';
import { reloadNeeded, roomToReopen } from '../db/log-seal';
import { firstScreenShown } from '../pwa/first-screen';
import { takeEarlyConnection } from './early-open';
import type { FirstVisitCard } from './first-visit-card';
import { dropPendingAnswer, keepPendingAnswer, pendingAnswer, readPendingAnswer, retryUntilWritten, type PendingAnswer } from '../srs/pending-answers';

type Backend = typeof import('./study-backend');

/** A card that just became a leech: which, after how many lapses, and whether it was suspended. */
export interface LeechNote {
  cardId: string;
  lapses: number;
  suspended: boolean;
}

export type Phase = 'loading' | 'question' | 'answer' | 'done' | 'missing';

/** Remembers the card on screen and whether its answer was shown, so a reload resumes there. */
const resumeKey = (deckId: string) => `study:${deckId}`;
interface Resume {
  cardId: string;
  reps: number;
  revealed: boolean;
}

/** The header before anything is read (and after a start that failed): nothing counted. */
const noCounts = (): DeckCounts => ({ newCount: 0, learningCount: 0, reviewCount: 0, answeredToday: 0 });

/**
 * The state of one study screen. The next card is always read from the database in the
 * answer's own transaction, so nothing lives only here; when it can be told from what was read
 * while the card was shown (srs/next-guess.ts), it is painted as the key is pressed and the
 * answer's read confirms or replaces it; a failed answer puts the answered card back.
 *
 * The first card is read with plain IndexedDB (raw.ts) when the database already exists at
 * this version, and painted before Dexie, ts-fsrs and the write code are even downloaded; they
 * arrive (study-backend.ts) right after, long before a person has read the question.
 */
export class StudySession {
  phase = $state<Phase>('loading');
  deck = $state<DeckRow | null>(null);
  card = $state<CardRow | null>(null);
  counts = $state<DeckCounts>(noCounts());
  labels = $state<Record<number, string>>({});
  nextDue = $state<number | null>(null);
  canUndo = $state(false);
  /** An action has been running for more than a moment: the buttons show it (disabled). */
  busy = $state(false);
  /** The card on screen was painted before the answer before it committed (the card is aria-busy until then). */
  saving = $state(false);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);
  /** The card just answered became a leech (srs/leech.ts): the screen says so until the next action. */
  leech = $state<LeechNote | null>(null);
  /** An answer the device had no room to write: kept, retried, and nothing else is graded meanwhile. */
  pending = $state<PendingAnswer | null>(null);
  private retry: ReturnType<typeof retryUntilWritten> | null = null;

  /** An action is running: further keys and clicks are ignored until it is done. */
  private acting = false;
  private settings!: StudySettings;
  private shownAt = 0;
  /** Where the queue is read from: the raw connection at first, Dexie's once it is loaded. */
  private reader!: Readable;
  private loaded: { backend: Backend; db: FlashcardDatabase } | null = null;
  private fsrs: FSRS | null = null;
  /** The daily load the load balancer weighs (srs/balance), read once the backend is here. */
  private dayLoad: InstanceType<Backend['DayLoadFollower']> | null = null;
  private loading: Promise<NonNullable<StudySession['loaded']>> | null = null;
  private stopWatching: (() => void) | null = null;
  /** Another tab changed this deck while this one was busy: look again when it is done. */
  private changedElsewhere = false;
  /** Today's counts before limits, followed from this tab's answers (queue-tally.ts); null: count again. */
  private tally: QueueTally | null = null;
  /** Guesses the card after the one on screen (next-card-guesser.ts); there once the backend is. */
  private guesser: InstanceType<Backend['NextCardGuesser']> | null = null;

  /** Review-ahead sessions show cards due within this many days, ignoring limits. */
  readonly aheadDays: number;

  constructor(
    private deckId: string,
    private baseUrl: string,
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
    this.stopWatching = refreshOnOtherTabChange(
      () => this.otherTabChanged(),
      (change) => concernsDeck(change, this.deckId)
    );
    // An answer kept before a reload: nothing is graded until it is written.
    this.pending = readPendingAnswer(this.deckId);
    try {
      await this.load();
    } catch (e) {
      // Still no room to open the database: the screen shows the kept answer and keeps trying.
      if (!this.pending || !isOutOfSpace(e)) throw e;
    } finally {
      if (this.pending) this.keepPending(this.pending, true);
      this.lookAgainIfChanged();
      // After a card from the deck file, once it is confirmed: what starts then would compete with the merge's downloads.
      void this.answering.then(() => afterPaint(firstScreenShown));
    }
  }

  /** The screen is gone: stop listening to other tabs. */
  stop(): void {
    this.stopWatching?.();
  }

  private async load(): Promise<void> {
    // Opened by the route's load when this is the page's first start (early-open.ts).
    const fast = await ((this.loaded ? null : takeEarlyConnection()) ?? openCurrentDatabase());
    if (fast) {
      void checkDatabase(fast).catch(() => undefined); // a lost collection is noticed on this path too
      this.reader = fast;
      await this.open();
      if (this.card) {
        afterPaint(() => this.backend().catch((e) => (this.error = e instanceof Error ? e.message : String(e))));
        return;
      }
      // No deck or nothing to study yet: opening the database through Dexie merges a new
      // version's built-in decks and unburies yesterday's buried cards, which may change that.
    }
    // No database at this version, perhaps none yet: the deck's file starts downloading first, so
    // the merge finds it under way (first-visit-card.ts, loaded only then: a later start never needs it).
    const start = fast || this.loaded ? null : import('./first-visit-card').then((m) => m.startWithoutDatabase(this.baseUrl, this.deckId, this.clock()));
    const opened = Promise.resolve(start?.catch(() => null))
      .then(() => this.backend())
      .then(() => this.open());
    if (start && !this.aheadDays && (await this.paintFromDeckFile(opened, start))) return;
    await opened;
  }

  /**
   * A first visit: when the deck's file comes before the database has merged it, its first card
   * is painted from the file (first-visit-card.ts), busy like a guessed card until the database's
   * read replaces it with the stored row; keys wait for that (onceWritten). False: nothing painted.
   */
  private async paintFromDeckFile(opened: Promise<void>, start: Promise<{ card: Promise<FirstVisitCard | null> }>): Promise<boolean> {
    const preview = await Promise.race([
      opened.then(
        () => null,
        () => null
      ),
      start.then((s) => s.card).catch(() => null)
    ]);
    if (!preview || this.phase !== 'loading') return false;
    ({ deck: this.deck, settings: this.settings, counts: this.counts } = preview);
    this.place(preview.card, false);
    this.confirming = this.saving = true;
    this.answering = opened.then(
      () => undefined,
      (e) => {
        // No database after all (the connection dropped while the code downloaded): no card to grade.
        this.card = null;
        this.counts = noCounts(); // the file's counts: nothing of it was stored
        this.phase = 'loading';
        this.error = `Could not start studying: ${e instanceof Error ? e.message : String(e)}`;
      }
    );
    void this.answering.then(() => {
      this.confirming = this.saving = false;
      this.lookAgainIfChanged();
    });
    return true;
  }

  /** A card painted from the deck file is on screen until the database's read confirms it. */
  private confirming = false;

  private async open(): Promise<void> {
    await this.readDeck();
    if (!this.deck) {
      this.phase = 'missing';
      return;
    }
    await this.advance(this.readResume());
  }

  /** The deck and the study settings for it (limits, steps, weights: the scheduler follows them). */
  private async readDeck(): Promise<void> {
    const [deck, settingsRow] = await deckAndSetting(this.reader, this.deckId, STUDY_SETTINGS_KEY);
    this.deck = deck ?? null;
    const settings = settingsForDeck(studySettingsFrom(settingsRow), this.deck);
    if (this.settings && JSON.stringify(settings) === JSON.stringify(this.settings)) return;
    this.settings = settings;
    this.fsrs = null;
    this.tally = null; // the rollover hour may have changed
  }

  /** Loads Dexie, the scheduler and the writes once; later calls get the same promise. */
  private backend(): Promise<NonNullable<StudySession['loaded']>> {
    this.loading ??= (async () => {
      const backend = await import('./study-backend');
      const db = await backend.appDatabase(this.baseUrl, this.deckId);
      const fast = this.reader;
      this.loaded = { backend, db };
      if (!this.aheadDays) this.guesser = new backend.NextCardGuesser(this.deckId);
      this.reader = db;
      this.dayLoad = new backend.DayLoadFollower(
        () => this.reader,
        () => this.settings,
        this.clock
      );
      if (fast && fast !== db) (fast as IDBDatabase).close();
      if (this.card && !this.confirming) {
        this.labelled = null;
        this.labelCard(this.card);
        void this.refreshCounts(this.clock());
        this.lookAhead(this.card);
      }
      return this.loaded;
    })();
    this.loading.catch(() => (this.loading = null)); // a later action retries
    return this.loading;
  }

  reveal(): void {
    if (this.phase !== 'question' || !this.card) return;
    this.labelCard(this.card); // usually made already, right after the question was painted
    this.phase = 'answer';
    this.saveResume();
  }

  async answer(grade: Grade): Promise<void> {
    if (this.saving && !(await this.onceWritten())) return;
    if (this.phase !== 'answer' || !this.card || this.acting || this.pending) return;
    this.notice = null;
    this.leech = null;
    await (this.answering = this.guard(async () => {
      const { backend } = await this.backend();
      const now = this.clock();
      const card = this.card!;
      // The next card is read in the answer's own transaction (one round trip); the counts
      // follow from the answer when today's tally is known (after-answer.ts).
      const tally = this.tally;
      const readNext = (tx: ReadTx) =>
        this.aheadDays > 0 ? Promise.resolve(null) : backend.readAfterAnswer(tx, this.deckId, card.id, now, this.settings, tally);
      const answer = { cardId: card.id, grade, now, durationMs: now - this.shownAt, shown: card, ...this.answerRules() };
      await this.dayLoad?.ready(now); // the load balancer's one read, at most once a session
      const before = { counts: this.counts, shownAt: this.shownAt };
      const guess = this.guesser?.guess(card, grade, now, this.settings, this.tally);
      if (guess) {
        this.place(guess.card, false);
        this.counts = guess.counts;
      }
      this.saving = !!guess;
      const outcome = await backend.recordAnswerThen(this.reader, this.scheduler(backend), answer, readNext).catch((e) => {
        if (guess) this.putBack(card, before);
        if (!isOutOfSpace(e)) throw new Error(backend.answerNotSavedMessage(e), { cause: e });
        this.keepPending(pendingAnswer({ deckId: this.deckId, cardId: card.id, grade, now, durationMs: answer.durationMs }));
        return null;
      });
      this.saving = false;
      if (!outcome) return;
      const { stale, next, log, effects } = outcome;
      if (effects?.leech) this.leech = { cardId: card.id, ...effects.leech };
      if (stale) {
        // Answered (or changed) in another tab since it was shown: nothing was written.
        this.notice = describeCardChange(stale);
      } else {
        this.canUndo = true;
        afterPaint(() => {
          // After the first answer there is history worth keeping: ask the browser not to evict it.
          backend.requestPersistenceOnce().catch(() => undefined);
          backend.noteStudyActivity('answer');
        });
      }
      const queue = next && backend.queueAfterAnswer(next, card, log, now, this.settings, effects?.buried);
      if (guess && queue?.card?.id === guess.card.id) this.confirm(queue.card, queue.tally);
      else {
        if (guess) performance.mark('study:guess-replaced'); // counted by the benchmark
        if (queue) await this.present(queue, now);
        else await this.advance(null);
      }
    }));
  }

  /** The answer being written (guard()'s work), for actions on a card painted before it committed. */
  private answering: Promise<void> = Promise.resolve();

  /**
   * The card on screen was painted before its answer committed and takes keys at once: an action
   * on it waits for that answer, and is dropped (false) if the card did not stay: a wrong guess
   * replaced, or the answer failed and the card answered is back.
   */
  private async onceWritten(): Promise<boolean> {
    const id = this.card?.id;
    await this.answering;
    return this.card?.id === id;
  }

  /** The answer read the guessed card next: only the counts and what the committed answer changed follow. */
  private confirm(stored: CardRow, tally: QueueTally): void {
    if (stored.updatedAt !== this.card?.updatedAt) this.card = stored;
    this.setTally(tally);
    // Previewed before the answer reached the load balancer: preview again (reveal() does, if not yet revealed).
    this.labelled = null;
    if (this.phase === 'answer') this.labelCard(this.card!);
    this.lookAhead(this.card!);
  }

  /** The answer was not written: the answered card is back, answer side up, as it was. */
  private putBack(card: CardRow, before: { counts: DeckCounts; shownAt: number }): void {
    this.saving = false;
    this.place(card, true);
    this.shownAt = before.shownAt;
    this.counts = before.counts;
  }

  private lookAhead(card: CardRow): void {
    void this.guesser?.lookAhead(this.reader, card, this.clock(), this.settings, () => this.card === card);
  }

  async undo(): Promise<void> {
    if (this.saving) await this.answering; // the answer to undo may be the one being written
    if (this.acting || !this.canUndo) return;
    this.leech = null;
    await this.guard(async () => {
      const { backend, db } = await this.backend();
      const card = await backend.undoLastAnswer(db, this.deckId);
      this.dayLoad?.stale(this.clock());
      backend.noteStudyActivity('undo');
      if (card) this.show(card, false);
      else await this.advance(null);
    });
  }

  /** Hides the current card until tomorrow and moves on. */
  async bury(): Promise<void> {
    if (this.saving && !(await this.onceWritten())) return;
    if (!this.card || this.acting) return;
    const id = this.card.id;
    this.leech = null;
    await this.guard(async () => {
      const { backend, db } = await this.backend();
      await backend.buryCards(db, [id], this.clock(), this.settings.rolloverHour);
      this.notice = 'Card buried until tomorrow';
      await this.advance(null);
    });
  }

  /** Takes the current card out of study until it is unsuspended in Browse. */
  async suspend(): Promise<void> {
    if (this.saving && !(await this.onceWritten())) return;
    if (!this.card || this.acting) return;
    const id = this.card.id;
    this.leech = null;
    await this.guard(async () => {
      const { backend, db } = await this.backend();
      await backend.setSuspended(db, [id], true);
      this.notice = 'Card suspended (unsuspend it in Browse)';
      await this.advance(null);
    });
  }

  /** Keeps an answer that could not be written and tries it again until it is (pending-answers.ts). */
  private keepPending(answer: PendingAnswer, tryNow = false): void {
    this.pending = answer;
    keepPendingAnswer(answer);
    this.retry ??= retryUntilWritten(() => this.writePending());
    if (tryNow) void this.retry.now();
  }

  /** The "Try again" button; resolves true once the kept answer is written. */
  retryPending(): Promise<boolean> {
    return this.retry?.now() ?? Promise.resolve(true);
  }

  /** Writes the kept answer with its own review time, duration and log id (so it is never doubled). */
  private async writePending(): Promise<boolean> {
    const kept = this.pending;
    if (!kept) return true;
    if (this.acting) return false;
    if (reloadNeeded()) {
      // Chromium refuses this page every later open: once there is room, a new page writes the
      // kept answer as it starts (and seals the log first, log-seal.ts).
      if (await roomToReopen(false)) location.reload();
      return false;
    }
    // While the disk guard finds the disk nearly full, touch nothing (opening writes too, disk-guard.ts).
    if (!(
      (await writeGate()?.then(
        () => true,
        (e) => !isGuardRefusal(e)
      )) ?? true
    ))
      return false;
    this.acting = true;
    try {
      if (!this.deck || this.reopen) await this.load(); // start() could not open the database, or a retry closed it
      this.reopen = false;
      const { backend } = await this.backend();
      const now = this.clock();
      const readNext = (tx: ReadTx) => (this.aheadDays > 0 ? Promise.resolve(null) : todaysQueueIn(tx, this.deckId, now, this.settings));
      const { next } = await backend.recordAnswerThen(this.reader, this.scheduler(backend), { ...kept, ...this.answerRules() }, readNext);
      this.pending = null;
      this.retry = null;
      dropPendingAnswer(this.deckId);
      this.error = null;
      this.canUndo = true;
      backend.noteStudyActivity('answer');
      if (next) await this.present(next, now);
      else await this.advance(null);
      return true;
    } catch (e) {
      // Refused by the disk guard: nothing failed, the connection is still good.
      if (isGuardRefusal(e)) return false;
      if (!isOutOfSpace(e)) this.error = writeErrorMessage(e);
      this.releaseConnections();
      return false;
    } finally {
      this.acting = false;
    }
  }

  /**
   * Chromium keeps a backing store that failed for space as long as a connection to it is open,
   * and every later open fails ("Internal error.") even after space is freed: let go of ours.
   */
  private releaseConnections(): void {
    this.loaded?.db.close({ disableAutoOpen: false });
    if (this.reader && !('backendDB' in this.reader)) this.reader.close();
    this.reopen = true;
  }
  private reopen = false;

  private async guard(work: () => Promise<void>): Promise<void> {
    if (this.pending) return;
    this.acting = true;
    this.error = null;
    // A quick answer changes nothing on screen but the card: disabling the buttons for those
    // few milliseconds would only cost the phone an extra frame.
    const slow = setTimeout(() => (this.busy = true), 150);
    try {
      await work();
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      clearTimeout(slow);
      this.acting = false;
      this.busy = false;
      this.lookAgainIfChanged();
    }
  }

  /**
   * Another tab changed this deck: the header counts follow, and a card that was answered,
   * removed or rescheduled there is left before it can be graded here (the answer's transaction
   * would refuse it anyway; this spares the person grading it).
   */
  private async otherTabChanged(): Promise<void> {
    this.tally = null; // its counts may have changed there: the next answer counts them again
    this.guesser?.forget();
    this.dayLoad?.stale(this.clock());
    if (this.acting || this.phase === 'loading' || this.confirming) {
      this.changedElsewhere = true;
      return;
    }
    if (this.phase === 'missing') return;
    // Not guard(): keys wait for this check, but a message on screen stays (it is about this tab).
    this.acting = true;
    try {
      await this.followOtherTab();
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      this.acting = false;
      this.lookAgainIfChanged();
    }
  }

  private async followOtherTab(): Promise<void> {
    // The deck may have been deleted, or its limits or the settings changed there.
    await this.readDeck();
    if (!this.deck) {
      this.card = null;
      this.phase = 'missing';
      return;
    }
    const shown = this.card;
    // The done screen: an undo elsewhere may have brought a card back.
    if (!shown) return this.advance(null);
    const stored = await cardById(this.reader, shown.id);
    const change = changeSince(shown, stored);
    if (change) {
      this.notice = describeCardChange(change);
      return this.advance(null);
    }
    if (stored && stored.updatedAt !== shown.updatedAt) this.card = stored; // its text was edited there
    await this.refreshCounts(this.clock());
  }

  private lookAgainIfChanged(): void {
    if (!this.changedElsewhere) return;
    this.changedElsewhere = false;
    void this.otherTabChanged();
  }

  private async advance(resume: Resume | null): Promise<void> {
    const now = this.clock();
    const resumed = resume ? await this.resumable(resume) : undefined;
    let card: CardRow | null;
    let tally: Promise<QueueTally> | undefined;
    if (resumed) card = resumed;
    else if (this.aheadDays > 0) card = await nextCardAhead(this.reader, this.deckId, now + this.aheadDays * 86_400_000);
    else ({ card, tally } = await todaysQueueCardFirst(this.reader, this.deckId, now, this.settings)); // the counts follow the paint
    await this.present({ card, tally }, now, !!resumed && !!resume?.revealed);
  }

  /** Shows the queue's next card, or the "done" screen when there is none. */
  private async present({ card, tally }: { card: CardRow | null; tally?: QueueTally | Promise<QueueTally> }, now: number, revealed = false): Promise<void> {
    // A sibling of this card is already in today's session: it waits for tomorrow (srs/sibling-guard.ts).
    // Only cards of a note with burying on wait for the write code here, even on the first paint.
    if (card?.noteId && !this.aheadDays && anyBurying(this.settings)) {
      const { backend, db } = await this.backend();
      if (await backend.buryIfHeldBack(db, card, now, this.settings)) return this.advance(null);
    }
    if (card) {
      this.show(card, revealed, tally);
    } else {
      this.card = null;
      this.phase = 'done';
      this.nextDue = await nextDueTime(this.reader, this.deckId, now, this.settings);
      sessionStorage.removeItem(resumeKey(this.deckId));
      await this.refreshCounts(now, tally);
    }
  }

  /** The card that was on screen before a reload, if it was not answered since and is still studiable here. */
  private async resumable(resume: Resume): Promise<CardRow | undefined> {
    const stored = await cardById(this.reader, resume.cardId);
    return stored && stored.deckId === this.deckId && stored.queue >= 0 && stored.reps === resume.reps ? stored : undefined;
  }

  private show(card: CardRow, revealed: boolean, tally?: QueueTally | Promise<QueueTally>): void {
    // The card is on screen and takes keys now; the rest of the header follows a moment later.
    void this.refreshCounts(this.place(card, revealed, true), tally);
  }

  /** Puts `card` on screen; `lookAhead`: the database has every answer so far, so the card after it can be read. */
  private place(card: CardRow, revealed: boolean, lookAhead = false): number {
    const now = this.clock();
    // The stored row of the card painted from the deck file: it stays on the side shown, shown since then.
    const confirmed = this.confirming && this.card?.id === card.id;
    if (confirmed) revealed ||= this.phase === 'answer';
    this.card = card;
    // What `card` is as state (Svelte's proxy of it): the identity later reads of this.card compare with.
    const shown = this.card;
    if (!confirmed) this.shownAt = now;
    this.labelled = null;
    if (revealed) this.labelCard(shown);
    this.phase = revealed ? 'answer' : 'question';
    // Only the read of what can follow waits for the paint. The grade buttons' labels wait for
    // reveal() (ts-fsrs right after a first visit's first card was a long task: Lighthouse's
    // blocking time 330 against 180 ms), and so does the resume point (session storage is on the
    // profile's disk: a write per card is a write on a full disk too).
    if (lookAhead) afterPaint(() => this.card === shown && this.lookAhead(shown));
    return now;
  }

  /** The card the grade buttons' labels were made for. */
  private labelled: CardRow | null = null;

  private labelCard(card: CardRow): void {
    if (this.labelled === card && this.loaded) return;
    this.labels = this.intervalLabels(card);
    if (this.loaded) this.labelled = card;
  }

  /** "10m", "4d"… under each grade button; empty until the scheduler has loaded. */
  private intervalLabels(card: CardRow): Record<number, string> {
    if (!this.loaded) return {};
    const { backend } = this.loaded;
    const now = this.shownAt;
    let preview;
    try {
      preview = backend.previewGrades(this.scheduler(backend), card, now);
    } catch (e) {
      const damaged = backend.unschedulableCardMessage(e);
      if (!damaged) throw e;
      this.error = damaged;
      return {};
    }
    this.guesser?.previewed(card, now, preview);
    return Object.fromEntries(backend.GRADES.map((g) => [g, backend.formatInterval(preview[g].due - now)]));
  }

  /** The leech and sibling-burying settings an answer follows, and the day's rollover for burying. */
  private answerRules(): { rules: StudySettings; rolloverHour: number } {
    return { rules: this.settings, rolloverHour: this.settings.rolloverHour };
  }

  /** Created once the settings are read (they carry the retention, steps, weights and easy days). */
  private scheduler(backend: Backend): FSRS {
    this.fsrs ??= backend.createBalancedScheduler(this.settings, this.dayLoad!);
    return this.fsrs;
  }

  private countsRequest = 0;

  /** Header counts (unless already read, or being read, with the card) and whether there is an answer to undo. */
  private async refreshCounts(now: number, known?: QueueTally | Promise<QueueTally>): Promise<void> {
    const ticket = ++this.countsRequest;
    if (known && !(known instanceof Promise)) {
      this.setTally(known);
      // After an answer the tally came with it and there is something to undo: nothing to wait for.
      if (this.canUndo) return;
    }
    try {
      // Right after an answer there is something to undo; otherwise ask the log.
      const loaded = this.canUndo && known ? null : this.loaded;
      const [tally, latest] = await Promise.all([
        known ?? deckTally(this.reader, this.deckId, now, this.settings),
        loaded?.backend.latestAnswer(loaded.db, this.deckId)
      ]);
      if (ticket !== this.countsRequest) return; // a newer refresh is on its way
      this.setTally(tally);
      if (loaded) this.canUndo = !!latest;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
  }

  private setTally(tally: QueueTally): void {
    this.tally = tally;
    this.counts = countsFromTally(tally, this.settings);
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

/** Runs `work` after the next frame is painted. */
function afterPaint(work: () => void): void {
  requestAnimationFrame(() => setTimeout(work, 0));
}

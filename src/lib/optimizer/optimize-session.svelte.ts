import type { FlashcardDatabase } from '../db/database';
import type { StudySettings } from '../srs/settings';
import { loadSettings } from '../srs/settings-store';
import { applyWeights, finishPending, loadUndo, reschedulePending, revertWeights, type Progress, type RescheduleReport, type UndoRecord } from './apply';
import { startOptimizer, type OptimizerRun } from './client';
import { hasEnoughHistory, summarize, type HistorySummary } from './history';
import { loadHistory } from './load';
import type { OptimizeOutcome, OptimizePhase } from './protocol';

export interface Busy {
  label: string;
  done: number;
  total: number;
  cancel?: () => void;
}

const READING = 'Reading your review history…';
const PHASE_LABELS: Record<OptimizePhase, string> = {
  checking: 'Checking: fitting your earlier reviews…',
  evaluating: 'Checking: scoring your most recent reviews…',
  optimizing: 'Fitting parameters to all your answers…'
};

const describe = (e: unknown) => (e instanceof Error ? e.message : String(e));
const cardsText = (n: number) => `${n} card${n === 1 ? '' : 's'}`;
const skippedText = (r: RescheduleReport) => (r.skipped ? ` ${cardsText(r.skipped)} with incomplete history kept their schedule.` : '');

/**
 * The optimize page's workflow: read the history, run the optimizer in a worker (held-out check
 * first), then apply, revert or finish a rescheduling. The page only shows this state.
 */
export class OptimizeSession {
  settings = $state.raw<StudySettings | null>(null);
  summary = $state<HistorySummary | null>(null);
  undo = $state<UndoRecord | null>(null);
  pending = $state(false);
  busy = $state<Busy | null>(null);
  outcome = $state.raw<OptimizeOutcome | null>(null);
  message = $state<string | null>(null);
  error = $state<string | null>(null);

  enough = $derived(this.summary !== null && hasEnoughHistory(this.summary));
  percent = $derived(this.busy && this.busy.total > 0 ? Math.round((100 * this.busy.done) / this.busy.total) : 0);

  private run: OptimizerRun | null = null;

  constructor(private db: FlashcardDatabase) {}

  private async refresh() {
    this.settings = await loadSettings(this.db);
    this.undo = await loadUndo(this.db);
    this.pending = await reschedulePending(this.db);
  }

  async load(): Promise<void> {
    this.error = null;
    try {
      await this.refresh();
      this.busy = { label: READING, done: 0, total: 0 };
      const history = await loadHistory(this.db, (done, total) => (this.busy = { label: READING, done, total }));
      this.summary = summarize(history);
    } catch (e) {
      this.error = `Could not read your review history: ${describe(e)}`;
    } finally {
      this.busy = null;
    }
  }

  /** Runs the optimizer; true when there is a result to show. */
  async compute(): Promise<boolean> {
    if (!this.settings) return false;
    this.error = null;
    this.message = null;
    this.outcome = null;
    const cancel = () => this.cancel();
    try {
      this.busy = { label: READING, done: 0, total: 0 };
      const history = await loadHistory(this.db);
      this.summary = summarize(history);
      if (!hasEnoughHistory(this.summary)) return false;
      this.busy = { label: PHASE_LABELS.checking, done: 0, total: 1, cancel };
      this.run = startOptimizer(history, this.settings.weights, this.settings.relearningSteps.length, (phase, done, total) => {
        this.busy = { label: PHASE_LABELS[phase], done, total, cancel };
      });
      this.outcome = await this.run.result;
      return true;
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') this.message = 'Stopped. Nothing was changed.';
      else this.error = `The optimizer failed: ${describe(e)}. Nothing was changed.`;
      return false;
    } finally {
      this.run = null;
      this.busy = null;
    }
  }

  cancel(): void {
    this.run?.cancel();
  }

  discard(): void {
    this.outcome = null;
  }

  private async reschedule(label: string, action: (progress: Progress) => Promise<RescheduleReport>, done: (r: RescheduleReport) => string) {
    this.error = null;
    this.message = null;
    try {
      this.busy = { label, done: 0, total: 0 };
      const report = await action((d, t) => (this.busy = { label, done: d, total: t }));
      this.message = done(report);
    } catch (e) {
      this.error = `${describe(e)}. Your review history is untouched; open this page again to finish rescheduling.`;
    } finally {
      this.busy = null;
      await this.refresh().catch(() => undefined);
    }
  }

  apply(): Promise<void> {
    const weights = this.outcome?.weights;
    if (!weights) return Promise.resolve();
    return this.reschedule(
      'Rescheduling your cards with the new parameters…',
      (p) => applyWeights(this.db, weights, p),
      (r) => {
        this.outcome = null;
        return `Your personal parameters are in use. ${cardsText(r.changed)} got a new due date.${skippedText(r)}`;
      }
    );
  }

  revert(): Promise<void> {
    return this.reschedule(
      'Putting back the previous parameters…',
      (p) => revertWeights(this.db, p),
      (r) => `Previous parameters restored; ${cardsText(r.changed)} rescheduled.${skippedText(r)}`
    );
  }

  finish(): Promise<void> {
    return this.reschedule(
      'Finishing the rescheduling…',
      (p) => finishPending(this.db, p),
      (r) => `Done: ${cardsText(r.changed)} rescheduled.${skippedText(r)}`
    );
  }
}

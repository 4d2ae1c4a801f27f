import { date_scheduler, FSRS, get_fuzz_range, State, type Card, type Grade, type RecordLogItem } from 'ts-fsrs';
import type { LoadBalanced, ReviewLogRow, Schedule } from '../../db/schema';
import { schedulerParameters, toFsrsCard, type BalancesAt } from '../scheduler';
import type { StudySettings } from '../settings';
import type { DayLoad } from './day-load';
import { chooseInterval, MAX_BALANCED_INTERVAL, seededUniform, type Candidate } from './load-balancer';

/** What an answer is balanced against: the daily load and the easy-day shares (Monday first). */
export interface Balance {
  load: DayLoad;
  week: readonly number[];
}

/** Where a balanced scheduler gets its balance, and tells about the cards its answers moved. */
export interface BalanceSource {
  /** Null when balancing is off or the load is not known yet (the answer keeps ts-fsrs' fuzz). */
  at(now: number): Balance | null;
  /** An answer was written: the card left `before` for `after` (the load follows it). */
  answered?(before: { due: number; queue: number }, after: Schedule): void;
}

/**
 * ts-fsrs with its fuzz replaced by Anki's load balancer while `balancedAt` runs: wherever ts-fsrs
 * fuzzes an interval (reviews and graduations), the day is chosen inside the same fuzz range
 * (ts-fsrs' `get_fuzz_range`) by weight (load-balancer.ts), with ts-fsrs' own seed. Outside
 * `balancedAt` (replay, the optimizer, imports) it is plain ts-fsrs.
 */
export class LoadBalancedFSRS extends FSRS implements BalancesAt {
  private balance: Balance | null = null;
  private now = 0;
  /** Whether the last `balancedAt` chose any day other than ts-fsrs' own. */
  moved = false;

  constructor(
    settings: StudySettings,
    private readonly source: BalanceSource
  ) {
    super(schedulerParameters(settings));
  }

  balancedAt<T>(now: number, work: () => T): T {
    this.balance = this.source.at(now);
    this.now = now;
    this.moved = false;
    try {
      return work();
    } finally {
      this.balance = null;
    }
  }

  /** Called once an answer through this scheduler is committed. */
  noteAnswer(before: { due: number; queue: number }, after: Schedule): void {
    this.source.answered?.(before, after);
  }

  override apply_fuzz(ivl: number, elapsed_days: number): ReturnType<FSRS['apply_fuzz']> {
    const plain = super.apply_fuzz(ivl, elapsed_days);
    const balance = this.balance;
    if (!balance || !this.param.enable_fuzz || ivl < 2.5 || ivl > MAX_BALANCED_INTERVAL) return plain;
    const { min_ivl, max_ivl } = get_fuzz_range(ivl, elapsed_days, this.param.maximum_interval);
    if (min_ivl > MAX_BALANCED_INTERVAL) return plain;
    const candidates: Candidate[] = [];
    for (let days = min_ivl; days <= max_ivl; days++) {
      const i = balance.load.dayOf(date_scheduler(this.now, days, true).getTime());
      if (i <= 0) return plain; // beyond the counted days (or a clock far off): nothing to weigh
      candidates.push({ days, count: balance.load.counts[i], weekday: balance.load.weekday(i) });
    }
    const chosen = chooseInterval(candidates, balance.week, seededUniform(this._seed ?? ''));
    if (chosen === null || chosen === plain) return plain;
    this.moved = true;
    return chosen as typeof plain;
  }
}

/** The scheduler the study screen answers with: balanced when `source` says so. */
export function createBalancedScheduler(settings: StudySettings, source: BalanceSource): LoadBalancedFSRS {
  return new LoadBalancedFSRS(settings, source);
}

/**
 * One answer through `scheduler`: ts-fsrs' result, balanced when the scheduler balances. When the
 * balancer moved the due date, `loadBalanced` says from what to what, for the log row.
 */
export function answerCard(scheduler: FSRS, before: Schedule, now: number, grade: Grade): RecordLogItem & { loadBalanced?: LoadBalanced } {
  if (!(scheduler instanceof LoadBalancedFSRS)) return scheduler.next(toFsrsCard(before), new Date(now), grade);
  const balanced = scheduler.balancedAt(now, () => scheduler.next(toFsrsCard(before), new Date(now), grade));
  if (!scheduler.moved) return balanced; // every interval is ts-fsrs' own
  // ts-fsrs' own result, for the log row (its interval may differ after ts-fsrs orders Hard < Good < Easy).
  const plain = scheduler.next(toFsrsCard(before), new Date(now), grade);
  const fuzzed = plain.card.scheduled_days;
  const chosen = balanced.card.scheduled_days;
  if (balanced.card.state !== State.Review || chosen === fuzzed) return plain;
  return { ...balanced, loadBalanced: { fuzzed, chosen } };
}

/**
 * A replayed answer's card with the balancer's recorded choice taken again: when replay computes
 * the same fuzzed interval as the answer did, the answer's chosen day is the one (settings
 * unchanged); otherwise (new weights, retention) ts-fsrs' result stands. Depends only on the
 * synced log row, so every device replays to the same schedule.
 */
export function withRecordedBalance(card: Card, log: Pick<ReviewLogRow, 'loadBalanced' | 'review'>): Card {
  const lb = log.loadBalanced;
  if (!lb || card.state !== State.Review || card.scheduled_days !== lb.fuzzed) return card;
  return { ...card, scheduled_days: lb.chosen, due: date_scheduler(log.review, lb.chosen, true) };
}

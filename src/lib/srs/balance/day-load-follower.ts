import type { Readable } from '../../db/raw';
import { CardState, Queue, type Schedule } from '../../db/schema';
import type { StudySettings } from '../settings';
import type { Balance, BalanceSource } from './balanced-scheduler';
import { readDayLoad, type DayLoad } from './day-load';
import { easyDaysProblem, NORMAL_WEEK } from './easy-days';

/** The queue a card is in after an answer (an answered card is never new, suspended or buried). */
const queueAfterAnswer = (s: Pick<Schedule, 'state'>) => (s.state === CardState.Review ? Queue.Review : s.state === CardState.New ? Queue.New : Queue.Learning);

/**
 * The study screen's daily load: read once (readDayLoad, after the first card is painted, off the
 * answer's path), then followed from this tab's answers. Read again on a new study day, after an
 * undo and when another tab changed something; until a read is done, answers use the last load,
 * or ts-fsrs' plain fuzz when there is none yet. Small drift (another device's answers arriving
 * by sync) only shifts a weight: the choice stays inside the fuzz range either way.
 */
export class DayLoadFollower implements BalanceSource {
  private load: DayLoad | null = null;
  private reading: Promise<void> | null = null;
  private readAgain = false;

  constructor(
    private readonly source: () => Readable,
    private readonly settings: () => StudySettings,
    private readonly clock: () => number = Date.now
  ) {}

  at(now: number): Balance | null {
    const s = this.settings();
    if (!s.loadBalancing) return null;
    if (!this.load || !this.load.isToday(now, s.rolloverHour)) {
      this.refresh(now);
      return null;
    }
    return { load: this.load, week: easyDaysProblem(s.easyDays) ? NORMAL_WEEK : s.easyDays };
  }

  /**
   * Resolves once a load for `now`'s study day is known (at once when it is): the first answer of
   * a session waits for the one read (index counts, run once) rather than go unbalanced.
   */
  async ready(now: number): Promise<void> {
    const s = this.settings();
    if (!s.loadBalancing || this.load?.isToday(now, s.rolloverHour)) return;
    if (!this.reading) this.refresh(now);
    await this.reading;
  }

  /** The counts may be off (undo, another tab): read them again in the background. */
  stale(now: number): void {
    if (this.load) this.refresh(now);
  }

  /** An answer written here moved `card` from its schedule `before` to `after`. */
  answered(before: { due: number; queue: number }, after: Schedule): void {
    this.load?.move(before, { due: after.due, queue: queueAfterAnswer(after) });
    if (this.reading) this.readAgain = true; // the read under way may or may not see it
  }

  private refresh(now: number): void {
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = readDayLoad(this.source(), now, this.settings().rolloverHour)
      .then((load) => void (this.load = load))
      .catch(() => undefined) // no load: answers keep ts-fsrs' fuzz
      .finally(() => {
        this.reading = null;
        if (this.readAgain) {
          this.readAgain = false;
          this.refresh(this.clock());
        }
      });
  }
}

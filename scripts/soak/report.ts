/** The soak's counters and their table (README.md shows it). */
export interface SoakTotals {
  restarts: number;
  /** Grade keys pressed (the kill may come before the app confirms). */
  attempted: number;
  /** Answers the app confirmed by showing the next card. */
  confirmed: number;
  survived: number;
  /** Confirmed answers missing from the log on disk (not counting database resets). */
  lost: number;
  /** Answers written although the kill came before the app showed the next card. */
  unconfirmedWritten: number;
  /** Two log rows answering the same prior state of one card. */
  doubled: number;
  /** Starts at which the database had fewer review logs than before. */
  resets: number;
  resetsDetected: number;
  resetsRestored: number;
  /** Confirmed answers given after the newest automatic backup when a reset hit (gone with it). */
  lostToResets: number;
  resetNotes: string[];
  /** Starts that failed before studying. */
  errors: string[];
}

export function emptyTotals(): SoakTotals {
  return {
    restarts: 0,
    attempted: 0,
    confirmed: 0,
    survived: 0,
    lost: 0,
    unconfirmedWritten: 0,
    doubled: 0,
    resets: 0,
    resetsDetected: 0,
    resetsRestored: 0,
    lostToResets: 0,
    resetNotes: [],
    errors: []
  };
}

export function renderReport(heading: string, t: SoakTotals): string {
  const rows: [string, number | string][] = [
    ['browser kills (SIGKILL) and restarts', t.restarts],
    ['grade keys pressed', t.attempted],
    ['answers confirmed (next card shown)', t.confirmed],
    ['confirmed answers that survived', t.survived],
    ['confirmed answers lost', t.lost],
    ['answers written twice', t.doubled],
    ['unconfirmed answers that were written anyway', t.unconfirmedWritten],
    ['databases reset', t.resets],
    ['resets the app reported', t.resetsDetected],
    ['resets restored from the newest automatic backup', t.resetsRestored],
    ['confirmed answers newer than that backup (gone with the reset)', t.lostToResets],
    ['starts that failed before studying', t.errors.length]
  ];
  const lines = [heading, '', '| measure | count |', '| --- | ---: |', ...rows.map(([name, value]) => `| ${name} | ${value} |`)];
  const notes = [...t.resetNotes, ...t.errors];
  if (notes.length) lines.push('', ...notes.slice(0, 12).map((e) => `- ${e}`));
  return lines.join('\n');
}

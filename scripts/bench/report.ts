/** Turns the results into table rows and target verdicts (reported, never asserted). */
import { round } from './stats';

export interface Row {
  metric: string;
  size: string;
  app: string;
  baseline: string;
  ratio: string;
  target: string;
  status: '' | 'PASS' | 'MISS' | 'n/a';
}

export interface Target {
  name: string;
  value: string;
  target: string;
  status: 'PASS' | 'MISS' | 'not measured';
  note?: string;
  /** What the same work costs without the app, measured in the same run (issue 17: a target missed shows its floor). */
  floor?: string;
}

const fmtMs = (v: number | undefined | null) => (v === undefined || v === null || !Number.isFinite(v) ? '-' : `${round(v, v < 10 ? 2 : v < 100 ? 1 : 0)} ms`);
const fmtRatio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b <= 0 ? '-' : `${round(a / b, 2)}x`;
const status = (ok: boolean | undefined): Row['status'] => (ok === undefined ? '' : ok ? 'PASS' : 'MISS');
const sizeLabel = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));

/** A start beside the floor's (scripts/bench/floor): the ratio and what the app adds above it. */
function floorRow(metric: string, size: string, app: number, floor: number): Row {
  return {
    metric,
    size,
    app: fmtMs(app),
    baseline: `${fmtMs(floor)} (floor; app +${fmtMs(app - floor)})`,
    ratio: fmtRatio(app, floor),
    target: '',
    status: ''
  };
}

export function buildRows(results: any): Row[] {
  const rows: Row[] = [];
  const b = results.bytes;
  if (b) {
    rows.push({
      metric: 'study route JS+CSS before 1st card (gzip)',
      size: 'any',
      app: `${round(b.totalGzip / 1000, 1)} KB`,
      baseline: `JS ${round(b.jsGzip / 1000, 1)} + CSS ${round(b.cssGzip / 1000, 1)} KB`,
      ratio: '-',
      target: '<= 60 KB',
      status: status(b.totalGzip <= 60_000)
    });
  }
  for (const [name, fv] of Object.entries<any>(results.firstVisit ?? {})) {
    const what = name === 'study' ? `${fv.route} -> 1st question painted` : `${fv.route} -> deck list painted`;
    rows.push({
      metric: `first visit, slow 4G + 4x: ${what}`,
      size: 'fresh profile',
      app: fv.median !== undefined ? fmtMs(fv.median) : (fv.note ?? 'not measured'),
      baseline: fv.median !== undefined ? `${fv.transferKB} KB sent, ${fv.deckFiles} deck files` : '-',
      ratio: '-',
      target: '<= 2500 ms',
      status: fv.median !== undefined ? status(fv.median <= 2500) : 'n/a'
    });
    if (fv.readyMedian !== undefined)
      rows.push({
        metric: `first visit, slow 4G + 4x: ${fv.route} -> 1st question gradable (the database has confirmed it)`,
        size: 'fresh profile',
        app: fmtMs(fv.readyMedian),
        baseline: `${fmtMs(fv.readyMedian - fv.median)} after the paint`,
        ratio: '-',
        target: '',
        status: ''
      });
  }
  rows.push(...lighthouseRows(results.lighthouse));
  for (const [sizeKey, s] of Object.entries<any>(results.sizes ?? {})) {
    const n = Number(sizeKey);
    const logs = s.census?.logs ?? s.population?.logs;
    const size = `${sizeLabel(n)} cards / ${sizeLabel(Math.round(logs / 1000) * 1000)} logs`;
    const at50k = n >= 50_000;
    if (s.error) rows.push({ metric: `ERROR: ${s.error}`, size, app: '-', baseline: '-', ratio: '-', target: '', status: 'n/a' });
    for (const [name, message] of Object.entries<string>(s.errors ?? {}))
      rows.push({ metric: `${name} FAILED: ${message.slice(0, 80)}`, size, app: '-', baseline: '-', ratio: '-', target: '', status: 'n/a' });
    if (s.coldStart)
      rows.push({
        metric: 'cold start -> 1st question painted (4x)',
        size,
        app: fmtMs(s.coldStart.median),
        baseline: `${fmtMs(s.rawColdQueue?.median)} (open+queue)`,
        ratio: fmtRatio(s.coldStart.median, s.rawColdQueue?.median),
        target: '<= 500 ms @50k',
        status: at50k ? status(s.coldStart.median <= 500) : ''
      });
    if (s.coldStart && s.coldStartFloor)
      rows.push(floorRow('cold start: app vs empty SvelteKit page (floor, same build set-up, same run)', size, s.coldStart.median, s.coldStartFloor.median));
    if (s.deckListNav)
      rows.push({
        metric: 'deck list: navigation -> all counts painted (4x)',
        size,
        app: fmtMs(s.deckListNav.median),
        baseline: `${fmtMs(s.rawColdDeckCounts?.median)} (open+counts)`,
        ratio: fmtRatio(s.deckListNav.median, s.rawColdDeckCounts?.median),
        target: '',
        status: ''
      });
    if (s.deckListNav && s.deckListFloor)
      rows.push(floorRow('deck list navigation: app vs empty SvelteKit page (floor, same run)', size, s.deckListNav.median, s.deckListFloor.median));
    if (s.deckList)
      rows.push({
        metric: 'deck list counts in page (deckSummaries, 4x)',
        size,
        app: fmtMs(s.deckList.appMs),
        baseline: fmtMs(s.deckList.rawMs),
        ratio: fmtRatio(s.deckList.appMs, s.deckList.rawMs),
        target: '< 200 ms @50k',
        status: at50k ? status(s.deckList.appMs < 200) : ''
      });
    if (s.deckList?.defaultLimitsAppMs !== undefined)
      rows.push({
        metric: 'deck list counts in page, default limits (20 new, 200 reviews a day: queues read that far), 4x',
        size,
        app: fmtMs(s.deckList.defaultLimitsAppMs),
        baseline: fmtMs(s.deckList.defaultLimitsRawMs),
        ratio: fmtRatio(s.deckList.defaultLimitsAppMs, s.deckList.defaultLimitsRawMs),
        target: '',
        status: ''
      });
    if (s.queue)
      rows.push({
        metric: "today's queue: next card + counts (todaysQueue, 4x)",
        size,
        app: fmtMs(s.queue.appMs),
        baseline: `${fmtMs(s.queue.rawMs)} (due range+counts)`,
        ratio: fmtRatio(s.queue.appMs, s.queue.rawMs),
        target: 'ratio <= 1.5',
        status: status(s.queue.appMs / s.queue.rawMs <= 1.5)
      });
    if (s.answers) {
      rows.push({
        metric: `answer -> next question painted p50 (4x, ${s.answers.answered} answers)`,
        size,
        app: fmtMs(s.answers.p50),
        baseline: `${fmtMs(s.answerWrite?.rawMs)} (put card+log)`,
        ratio: fmtRatio(s.answers.p50, s.answerWrite?.rawMs),
        target: '',
        status: ''
      });
      rows.push({
        metric: 'answer -> next question painted p95 (4x)',
        size,
        app: fmtMs(s.answers.p95),
        baseline: fmtMs(s.answerWrite?.rawP95),
        ratio: fmtRatio(s.answers.p95, s.answerWrite?.rawP95),
        target: '<= 35 ms @50k',
        status: at50k ? status(s.answers.p95 <= 35) : ''
      });
      if (s.answerFloor)
        rows.push({
          metric: 'answer -> next question painted p95 against its floor (raw put card+log + next card read, one transaction, + 1 frame)',
          size,
          app: fmtMs(s.answers.p95),
          baseline: `${fmtMs(s.answerFloor.paintedP95)} (p50 ${fmtMs(s.answerFloor.paintedP50)}; commit alone p95 ${fmtMs(s.answerFloor.p95)})`,
          ratio: fmtRatio(s.answers.p95, s.answerFloor.paintedP95),
          target: '',
          status: ''
        });
      rows.push({
        metric: 'answer -> app idle again (answer committed, counts refreshed) p95',
        size,
        app: fmtMs(s.answers.settledP95),
        baseline: s.answers.replacedGuesses === undefined ? '-' : `next card painted early then replaced: ${s.answers.replacedGuesses} times`,
        ratio: '-',
        target: '',
        status: ''
      });
    }
    if (s.answerWrite)
      rows.push({
        metric: 'answer write: recordAnswer vs raw put (4x, p50)',
        size,
        app: fmtMs(s.answerWrite.appMs),
        baseline: fmtMs(s.answerWrite.rawMs),
        ratio: fmtRatio(s.answerWrite.appMs, s.answerWrite.rawMs),
        target: '',
        status: ''
      });
    if (s.coldStart)
      rows.push({
        metric: 'JS heap after loading study (after GC)',
        size,
        app: `${round(s.coldStart.heapMB, 2)} MB`,
        baseline: '-',
        ratio: '-',
        target: '',
        status: ''
      });
    for (const r of s.search ?? []) {
      const scan = (s.searchScan ?? []).find((x: any) => x.word === r.word);
      rows.push({
        metric: `browse search "${r.word}": first page, total (4x, incl. typing pause) by word index; baseline: by reading every card`,
        size,
        app: `${fmtMs(r.firstPageMs)}, ${fmtMs(r.totalMs)} (${r.summary})`,
        baseline: scan ? `${fmtMs(scan.firstPageMs)}, ${fmtMs(scan.totalMs)}` : '-',
        ratio: scan ? (r.totalMs / scan.totalMs).toFixed(3) : '-',
        target: '1st page <= 150 ms',
        status: status(r.firstPageMs <= 150)
      });
    }
    if (s.searchIndex) {
      const c = s.searchIndex;
      rows.push({
        metric: `word index: card rows, posting rows (ids), JSON size; background build of every card (4x)`,
        size,
        app: `${c.cards} + ${c.postingRows} rows (${c.entries} ids), ${(c.rowBytes / 1e6).toFixed(1)} + ${(c.keyBytes / 1e6).toFixed(1)} MB; build ${fmtMs(c.buildMs)}`,
        baseline: '-',
        ratio: '-',
        target: '',
        status: 'n/a'
      });
      rows.push({
        metric: `word index write cost on the import path: ${c.write.cards} cards through the raw gateway with the index; baseline: without (answers write without)`,
        size,
        app: fmtMs(c.write.withIndexMs),
        baseline: fmtMs(c.write.withoutIndexMs),
        ratio: (c.write.withIndexMs / c.write.withoutIndexMs).toFixed(2),
        target: '',
        status: 'n/a'
      });
    }
    if (s.memory)
      rows.push({
        metric: `heap after GC: answer ${s.memory.first} vs ${s.memory.answered} (${s.memory.throttle ?? 1}x)`,
        size,
        app: `${s.memory.heapAtFirstMB} -> ${s.memory.heapAtLastMB} MB (${s.memory.growthPct >= 0 ? '+' : ''}${s.memory.growthPct}%)${laterHalf(s.memory)}`,
        baseline: '-',
        ratio: '-',
        target: 'flat (<= +10%)',
        status: s.memory.answered < s.memory.total ? 'n/a' : status(s.memory.growthPct <= 10)
      });
    if (s.autoBackup) {
      for (const kind of ['full', 'incremental'] as const) {
        const v = s.autoBackup[kind];
        rows.push({
          metric: `automatic backup ${kind === 'full' ? 'full snapshot' : 'increment (20 answers)'}: time, longest task (${s.autoBackup.throttle ?? 1}x)`,
          size,
          app: v ? `${fmtMs(v.ms)}, ${v.bytes}, longest task ${v.longestTaskMs ? fmtMs(v.longestTaskMs) : '< 50 ms'}` : (s.autoBackup.note ?? 'not measured'),
          baseline: '-',
          ratio: '-',
          target: v ? 'no task >= 50 ms' : '',
          status: v ? status(v.longestTaskMs < 50) : 'n/a'
        });
      }
    }
    if (s.backup) {
      for (const kind of ['export', 'restore'] as const) {
        const v = s.backup[kind];
        rows.push({
          metric: `backup ${kind} (unthrottled)`,
          size,
          app: v?.ms !== undefined ? fmtMs(v.ms) : (s.backup.note ?? 'not measured'),
          baseline: fmtMs(v?.rawMs),
          ratio: fmtRatio(v?.ms, v?.rawMs),
          target: '',
          status: v?.ms !== undefined ? '' : 'n/a'
        });
      }
    }
  }
  for (const [sizeKey, imp] of Object.entries<any>(results.import ?? {})) {
    const n = Number(sizeKey);
    const measured = imp.cardsPerSecond !== undefined;
    rows.push({
      metric: 'import CSV through /import (unthrottled)',
      size: `${sizeLabel(n)} rows`,
      app: measured
        ? `${Math.round(imp.cardsPerSecond)} cards/s${imp.indexAfterMs != null ? `; word index built ${fmtMs(imp.indexAfterMs)} after` : ''}`
        : (imp.note ?? 'not measured'),
      baseline: imp.rawCardsPerSecond
        ? `${Math.round(imp.rawCardsPerSecond)} cards/s (fastest raw put of the rows the app stored: ${imp.rawStrategy ?? 'bulk put'}${imp.rounds ? `, median of ${imp.rounds.length} rounds` : ''}` +
          (imp.rawScratchMs
            ? `, in /import with the file previewed, into the app's database; into an empty one ${Math.round(((imp.rawCards ?? n) / imp.rawScratchMs) * 1000)} cards/s`
            : imp.rawBareMs
              ? `, in /import with the file previewed; in a bare page ${Math.round(((imp.rawCards ?? n) / imp.rawBareMs) * 1000)} cards/s`
              : '') +
          (imp.generatedRawMs ? `; generated rows ${Math.round(((imp.rawCards ?? n) / imp.generatedRawMs) * 1000)} cards/s)` : ')')
        : '-',
      ratio: measured ? fmtRatio(imp.ms, imp.rawMs) : '-',
      target: 'write >= 0.9x fastest raw (time <= 1.11x)',
      status: measured ? status(imp.rawMs / imp.ms >= 0.9) : 'n/a'
    });
  }
  const apkg = results.apkg;
  if (apkg) {
    const measured = apkg.totalMs !== undefined;
    rows.push({
      metric: 'import Anki package with review history through /import (unthrottled)',
      size: `${sizeLabel(apkg.notes)} notes, ${sizeLabel(apkg.reviews)} revlog`,
      app: measured
        ? `${fmtMs(apkg.totalMs)} (${Math.round(apkg.cardsPerSecond)} cards/s; page heap peak ${apkg.pageHeapPeakMB} MB, renderer +${apkg.rendererPeakAboveStartMB} MB)`
        : (apkg.note ?? 'not measured'),
      baseline: apkg.rawMs !== undefined ? `${fmtMs(apkg.rawMs)} (raw put of ${sizeLabel(apkg.rawRows)} rows)` : '-',
      ratio: measured ? fmtRatio(apkg.writeMs, apkg.rawMs) : '-',
      target: '',
      status: measured ? '' : 'n/a'
    });
  }
  return rows;
}

export function buildTargets(results: any): Target[] {
  const t: Target[] = [];
  const s50 = results.sizes?.['50000'];
  const no = (name: string, target: string, note: string): Target => ({ name, value: '-', target, status: 'not measured', note });
  const b = results.bytes;
  t.push(
    b
      ? {
          name: 'study route JS+CSS gzip before first card',
          value: `${round(b.totalGzip / 1000, 1)} KB`,
          target: '<= 60 KB',
          status: b.totalGzip <= 60_000 ? 'PASS' : 'MISS'
        }
      : no('study route JS+CSS gzip', '<= 60 KB', 'not run')
  );
  for (const [name, fv] of Object.entries<any>(results.firstVisit ?? {})) {
    const label = `first visit ${name === 'study' ? 'to first question' : 'to deck list'}, slow 4G, 4x`;
    t.push(
      fv.median === undefined
        ? no(label, '<= 2500 ms', fv.note ?? 'not run')
        : { name: label, value: `${round(fv.median, 0)} ms`, target: '<= 2500 ms', status: fv.median <= 2500 ? 'PASS' : 'MISS' }
    );
  }
  for (const r of Object.values<any>(results.lighthouse ?? {}))
    if (r?.route)
      t.push({
        name: `Lighthouse mobile performance, first visit ${r.route}`,
        value: String(r.performance),
        target: '>= 90',
        status: r.performance >= 90 ? 'PASS' : 'MISS'
      });
  const at50 = (name: string, target: string, get: (s: any) => number | undefined, ok: (v: number) => boolean, unit: string) => {
    const v = s50 ? get(s50) : undefined;
    t.push(
      v === undefined || !Number.isFinite(v)
        ? no(name, target, '50k size not run')
        : { name, value: `${round(v, 1)} ${unit}`, target, status: ok(v) ? 'PASS' : 'MISS' }
    );
  };
  /** Sets the floor of the target just pushed. */
  const floor = (text: string | undefined) => {
    if (text && t.length) t[t.length - 1].floor = text;
  };
  at50(
    'cold start to first question, 50k/500k, 4x',
    '<= 500 ms',
    (s) => s.coldStart?.median,
    (v) => v <= 500,
    'ms'
  );
  floor(s50?.coldStartFloor && `${fmtMs(s50.coldStartFloor.median)}: an empty SvelteKit page built like the app`);
  at50(
    'answer to next question p95, 50k, on disk, 4x',
    '<= 35 ms',
    (s) => s.answers?.p95,
    (v) => v <= 35,
    'ms'
  );
  floor(s50?.answerFloor && `${fmtMs(s50.answerFloor.paintedP95)} p95: raw put of card + log, next-card read, one frame`);
  for (const r of s50?.search ?? []) {
    t.push({
      name: `browse search "${r.word}" first page, 50k, 4x`,
      value: `${round(r.firstPageMs, 0)} ms`,
      target: '<= 150 ms',
      status: r.firstPageMs <= 150 ? 'PASS' : 'MISS'
    });
    const phases = (s50?.searchPhases ?? []).find((p: any) => p.text === r.word);
    floor(phases && `${fmtMs(phases.floorMs)}: raw read of the words' postings and the page's rows (the app in the page: ${fmtMs(phases.searchCardsMs)})`);
  }
  at50(
    'deck list counts, 50k, 4x',
    '< 200 ms',
    (s) => s.deckList?.appMs,
    (v) => v < 200,
    'ms'
  );
  floor(
    s50?.deckList &&
      `${fmtMs(s50.deckList.rawMs)}: raw reads of every deck's counts up to today's limits, in one transaction${s50.deckList.rawWholeMs === undefined ? '' : ` (the queues counted whole: ${fmtMs(s50.deckList.rawWholeMs)})`}`
  );
  at50(
    'automatic backup (full) at 50k: longest main-thread task',
    '< 50 ms',
    (s) => s.autoBackup?.full?.longestTaskMs,
    (v) => v < 50,
    'ms'
  );
  for (const size of ['10000', '50000']) {
    const imp = results.import?.[size];
    const label = `import ${Number(size) / 1000}k CSV, unthrottled`;
    if (imp?.cardsPerSecond === undefined) t.push(no(label, '>= 20000 cards/s', imp?.note ?? 'not run'));
    else
      t.push({
        name: label,
        value: `${Math.round(imp.cardsPerSecond)} cards/s`,
        target: '>= 20000 cards/s',
        status: imp.cardsPerSecond >= 20_000 ? 'PASS' : 'MISS'
      });
    // Issue 17: the app's write reaches >= 0.9x the throughput of the fastest raw strategy measured in the same run.
    const rlabel = `import ${Number(size) / 1000}k: write speed, app / fastest raw strategy`;
    if (imp?.cardsPerSecond === undefined) t.push(no(rlabel, '>= 0.9x', imp?.note ?? 'not run'));
    else
      t.push({
        name: rlabel,
        value:
          `${round(imp.rawMs / imp.ms, 2)}x (raw: ${imp.rawStrategy ?? 'one transaction'}` +
          (imp.rounds
            ? `; medians of ${imp.rounds.length} rounds, ratios ${imp.rounds.map((r: { appMs: number; rawMs: number }) => round(r.rawMs / r.appMs, 2)).join(' / ')}`
            : '') +
          (imp.appWithoutRoomCheckMs ? `; without the disk guard's room check ${round(imp.rawMs / imp.appWithoutRoomCheckMs, 2)}x` : '') +
          (imp.rawScratchMs
            ? `; raw into the app's database in /import with the file previewed, ${round(imp.rawScratchMs / imp.ms, 2)}x against the raw put into an empty database`
            : imp.rawBareMs
              ? `; raw in /import with the file previewed, ${round(imp.rawBareMs / imp.ms, 2)}x against the raw put in a bare page`
              : '') +
          ')',
        target: '>= 0.9x',
        status: imp.rawMs / imp.ms >= 0.9 ? 'PASS' : 'MISS',
        ...(imp.rawWithRoomCheckMs
          ? {
              floor: `${fmtMs(imp.rawWithRoomCheckMs)}: the raw put plus the disk guard's room check before a bulk write (its probe, in the app's write); app ${round(imp.rawWithRoomCheckMs / imp.ms, 2)}x of it`
            }
          : {})
      });
  }
  for (const [size, s] of Object.entries<any>(results.sizes ?? {})) {
    if (!s.queue) continue;
    const r = s.queue.appMs / s.queue.rawMs;
    t.push({
      name: `due query (today's queue) app / raw, ${Number(size) / 1000}k`,
      value: `${round(r, 2)}x`,
      target: '<= 1.5',
      status: r <= 1.5 ? 'PASS' : 'MISS'
    });
  }
  const mem = Object.values<any>(results.sizes ?? {}).find((s) => s.memory)?.memory;
  if (!mem) t.push(no('memory flat over 1,000 answers', 'heap growth <= 10%', 'not run'));
  else if (mem.answered < mem.total) t.push(no('memory flat over 1,000 answers', 'heap growth <= 10%', `deck ran out after ${mem.answered} answers`));
  else
    t.push({
      name: `memory flat over ${mem.answered} answers (${mem.sizeLabel})`,
      value: `${mem.heapAtFirstMB} -> ${mem.heapAtLastMB} MB (${mem.growthPct}%)${laterHalf(mem)}`,
      target: 'heap growth <= 10%',
      status: mem.growthPct <= 10 ? 'PASS' : 'MISS'
    });
  return t;
}

/**
 * The heap's growth over the later half of the answers, beside the target's (answer 100 against
 * the last): growth that stops (a warm-up) and growth that goes on (a leak) read differently there.
 */
function laterHalf(mem: { heapSeries?: { answers: number; MB: number }[] }): string {
  const series = mem.heapSeries ?? [];
  const last = series.at(-1);
  const middle = last && series.find((p) => p.answers >= last.answers / 2);
  if (!last || !middle || middle === last) return '';
  const pct = Math.round(((last.MB - middle.MB) / middle.MB) * 1000) / 10;
  return `; answers ${middle.answers} -> ${last.answers}: ${pct >= 0 ? '+' : ''}${pct}%`;
}

function table(headers: string[], lines: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [fmt(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(fmt)].join('\n');
}

export function renderTables(rows: Row[], targets: Target[]): string {
  const main = table(
    ['metric', 'collection', 'app', 'baseline (raw IndexedDB)', 'app/baseline', 'target', 'status'],
    rows.map((r) => [r.metric, r.size, r.app, r.baseline, r.ratio, r.target, r.status])
  );
  const tgt = table(
    ['target', 'measured', 'goal', 'status', 'floor, measured in the same run'],
    targets.map((t) => [t.name, t.value, t.target, t.status === 'not measured' ? `not measured (${t.note})` : t.status, t.floor ?? ''])
  );
  return `${main}\n\nTargets (reported, not asserted):\n\n${tgt}`;
}

/** The optional Lighthouse step (lighthouse.ts): one row per route, or the reason it failed. */
function lighthouseRows(lighthouse: any): Row[] {
  if (!lighthouse) return [];
  if (lighthouse.note)
    return [{ metric: 'Lighthouse mobile performance', size: '-', app: lighthouse.note, baseline: '-', ratio: '-', target: '>= 90', status: 'n/a' }];
  return Object.values<any>(lighthouse).map((r) => ({
    metric: `Lighthouse mobile (simulated slow 4G, 4x): ${r.route} performance`,
    size: 'fresh profile',
    app: String(r.performance),
    baseline: `LCP ${fmtMs(r.lcpMs)}, TBT ${fmtMs(r.tbtMs)}, FCP ${fmtMs(r.fcpMs)} (median of ${r.runs.length})`,
    ratio: '-',
    target: '>= 90',
    status: status(r.performance >= 90)
  }));
}

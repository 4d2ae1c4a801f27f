/** The sync bench's rows (sync.ts), a table of their own: README and docs/BENCHMARK.md keep it in its own block. */
import type { Row, Target } from './report';
import { round } from './stats';

const k = (n: number) => (n >= 1000 ? `${round(n / 1000, n < 10_000 ? 1 : 0)}k` : String(n));
const sec = (ms: number) => `${round(ms / 1000, ms < 10_000 ? 1 : 0)} s`;
const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${round(a / b, 2)}x` : '-');

/** Live heap (after GC) while syncing stays under this: the engine reads and writes in batches, never the whole collection. */
export const SYNC_HEAP_LIMIT_MB = 64;
/** Answers while a sync runs are at most this much slower at p95 than without ("the answer latency does not change"). */
export const SYNC_ANSWER_RATIO = 1.25;
/** The progress label of the pull's apply stage (sync.ts STAGES). */
const APPLY_STAGE = 'Bringing changes to this device';

export function buildSyncRows(sync: any): Row[] {
  if (!sync) return [];
  const size = sync.collection ? `${k(sync.collection.cards)} cards / ${k(sync.collection.reviewLogs)} logs` : `${k(sync.cards)} cards`;
  const rows: Row[] = [];
  const x = `${sync.syncThrottle ?? 1}x`;
  if (sync.error)
    rows.push({ metric: `sync FAILED: ${String(sync.error).slice(0, 100)}`, size, app: '-', baseline: '-', ratio: '-', target: '', status: 'n/a' });
  const heapStatus = (mb: number): Row['status'] => (mb <= SYNC_HEAP_LIMIT_MB ? 'PASS' : 'MISS');
  if (sync.upload) {
    const u = sync.upload;
    rows.push({
      metric: `sync first upload: time; page heap peak, live after GC; sync worker heap peak, live after GC (${x})`,
      size,
      app: `${sec(u.ms)}; page ${u.peakHeapMB} MB, live ${u.peakLiveHeapMB} MB; worker ${u.workerPeakHeapMB ?? '-'} MB, live ${u.workerPeakLiveHeapMB ?? '-'} MB`,
      baseline: `heap idle ${u.idleHeapMB} MB; ${u.serverDocs} docs sent`,
      ratio: ratio(Math.max(u.peakLiveHeapMB, u.workerPeakLiveHeapMB ?? 0), u.idleHeapMB),
      target: `live <= ${SYNC_HEAP_LIMIT_MB} MB`,
      status: heapStatus(Math.max(u.peakLiveHeapMB, u.workerPeakLiveHeapMB ?? 0))
    });
    rows.push({
      metric: 'sync first upload: IndexedDB added (the local copy)',
      size,
      app: `+${u.extraMB} MB`,
      baseline: `${u.collectionMB} MB collection`,
      ratio: ratio(u.extraMB, u.collectionMB),
      target: '',
      status: ''
    });
  }
  if (sync.pull) {
    const p = sync.pull;
    const check = p.replayCheck;
    const replayed = check ? `; ${check.mismatched} of ${check.answered} answered cards differ from a replay` : '';
    const from = sync.seeded ? `; server seeded from Node (${sync.seeded.docs} docs)` : '';
    rows.push({
      metric: `sync pull onto an empty device: time; page heap peak, live after GC; sync worker heap peak, live after GC (${x})`,
      size,
      app: `${sec(p.ms)}; page ${p.peakHeapMB} MB, live ${p.peakLiveHeapMB} MB; worker ${p.workerPeakHeapMB ?? '-'} MB, live ${p.workerPeakLiveHeapMB ?? '-'} MB`,
      baseline: `heap idle ${p.idleHeapMB} MB; ${p.received.reviewLogs} reviews received${p.complete ? '' : ' (INCOMPLETE)'}${replayed}${from}`,
      ratio: ratio(Math.max(p.peakLiveHeapMB, p.workerPeakLiveHeapMB ?? 0), p.idleHeapMB),
      target: `live <= ${SYNC_HEAP_LIMIT_MB} MB`,
      status: p.complete && (!check || check.mismatched === 0) ? heapStatus(Math.max(p.peakLiveHeapMB, p.workerPeakLiveHeapMB ?? 0)) : 'MISS'
    });
    if (p.stages?.[APPLY_STAGE] !== undefined)
      rows.push({
        metric: 'sync pull: receiving (replication into the local copy), then applying (the app database, every schedule replayed)',
        size,
        app: `${sec(p.stages[APPLY_STAGE])} + ${sec(p.ms - p.stages[APPLY_STAGE])}`,
        baseline: '',
        ratio: '-',
        target: '',
        status: ''
      });
    rows.push({
      metric: 'sync pull: IndexedDB on the new device (collection + local copy)',
      size,
      app: `${p.usageMB} MB${p.localCopyMB !== undefined ? ` (local copy ${p.localCopyMB} MB + collection ${p.collectionMB} MB)` : ''}`,
      baseline: sync.upload ? `${sync.upload.collectionMB} MB collection on device A` : `${p.emptyAppMB} MB before the pull`,
      ratio: p.localCopyMB !== undefined ? ratio(p.localCopyMB, p.collectionMB) : ratio(p.usageMB, sync.upload?.collectionMB),
      target: '',
      status: ''
    });
  }
  if (sync.answersWithSync && sync.answersWithoutSync) {
    const w = sync.answersWithSync;
    const wo = sync.answersWithoutSync;
    const during = w.syncFinishedDuringAnswers ? 'upload finished during the answers' : `upload running throughout (${w.serverDocsWhenAnswersEnded} docs sent)`;
    // Answers paced like a person's let the engine work between them (it holds for 1 s after an input).
    const pace = w.gapMs ? `, an answer every ${w.gapMs / 1000} s + its own time` : ', answers back to back (the engine holds while they come)';
    rows.push({
      metric: `answer -> next question painted p50, whole upload running in the tab (4x${pace})`,
      size,
      app: `${w.p50} ms`,
      baseline: `${wo.p50} ms without sync`,
      ratio: ratio(w.p50, wo.p50),
      target: '',
      status: ''
    });
    rows.push({
      metric: `answer -> next question painted p95, whole upload running in the tab (4x${pace})`,
      size,
      app: `${w.p95} ms`,
      baseline: `${wo.p95} ms without sync; ${during}`,
      ratio: ratio(w.p95, wo.p95),
      target: `ratio <= ${SYNC_ANSWER_RATIO}`,
      status: w.p95 / wo.p95 <= SYNC_ANSWER_RATIO ? 'PASS' : 'MISS'
    });
  }
  return rows;
}

export function buildSyncTargets(sync: any): Target[] {
  if (!sync?.upload && !sync?.pull) return [];
  const t: Target[] = [];
  // Bounded memory is the live heap (after a full GC, sampled every 10 s): the peak between GCs is
  // garbage V8 has not collected yet, and grows with the heap V8 allows itself, not with the collection.
  const peak = Math.max(sync.upload?.peakHeapMB ?? 0, sync.pull?.peakHeapMB ?? 0, sync.upload?.workerPeakHeapMB ?? 0, sync.pull?.workerPeakHeapMB ?? 0);
  const live = Math.max(
    sync.upload?.peakLiveHeapMB ?? 0,
    sync.pull?.peakLiveHeapMB ?? 0,
    sync.upload?.workerPeakLiveHeapMB ?? 0,
    sync.pull?.workerPeakLiveHeapMB ?? 0
  );
  t.push({
    name: 'sync upload and pull: live JS heap after GC, at most (page or sync worker)',
    value: `${live} MB (peak between GCs ${peak} MB)`,
    target: `<= ${SYNC_HEAP_LIMIT_MB} MB`,
    status: live <= SYNC_HEAP_LIMIT_MB ? 'PASS' : 'MISS'
  });
  if (sync.answersWithSync && sync.answersWithoutSync) {
    const r = sync.answersWithSync.p95 / sync.answersWithoutSync.p95;
    t.push({
      name: 'answer p95 with sync / without',
      value: `${round(r, 2)}x`,
      target: `<= ${SYNC_ANSWER_RATIO}`,
      status: r <= SYNC_ANSWER_RATIO ? 'PASS' : 'MISS'
    });
  }
  return t;
}

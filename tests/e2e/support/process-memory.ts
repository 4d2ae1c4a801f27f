// Memory of Chromium's renderer processes, read from /proc (Linux): the import worker runs in
// the page's renderer process, and what it allocates (ArrayBuffers, WebAssembly memory) is
// outside the JS heap, so the process's resident set is the honest measure. Resetting the
// peak (VmHWM) before an action and reading it after gives that action's peak.
import type { Browser } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';

export async function rendererPids(browser: Browser): Promise<number[]> {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
  await cdp.detach();
  return processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

export interface PeakProbe {
  /** MB the busiest renderer's resident memory rose above where it was when the probe started. */
  peakAboveStartMB(): number;
}

/** Starts measuring: resets each renderer's peak resident size to its current size. */
export function startPeakProbe(pids: number[]): PeakProbe {
  const start = new Map<number, number>();
  for (const pid of pids) {
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, '5');
    } catch {
      // Not allowed here: the peak since the process started is read instead (an upper bound).
    }
    start.set(pid, statusKb(pid, 'VmRSS'));
  }
  return {
    peakAboveStartMB: () => Math.max(...pids.map((pid) => (statusKb(pid, 'VmHWM') - start.get(pid)!) / 1024))
  };
}

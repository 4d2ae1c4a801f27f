import { describe, expect, it, vi } from 'vitest';
import {
  COMPACTION_CAP_BYTES,
  createDiskGuard,
  LOG_AND_FLUSH_BYTES,
  marginBytes,
  MS_BETWEEN_LOW_PROBES,
  MS_BETWEEN_PROBES,
  QUICK_CHECK_BYTES,
  RESERVE_BYTES,
  WRITES_BETWEEN_PROBES
} from '../../src/lib/db/disk-guard';
import { isGuardRefusal, isOutOfSpace, writeErrorMessage } from '../../src/lib/db/write-errors';

const MB = 1024 * 1024;

/** A disk with `free` bytes that a probe can test, and a clock the test moves. */
function fakeDisk(free: number) {
  const disk = { free, probes: [] as number[], time: 0 };
  const guard = createDiskGuard({
    probe: async (bytes) => {
      disk.probes.push(bytes);
      return bytes <= disk.free;
    },
    indexedDbUsage: async () => 2 * MB,
    now: () => disk.time
  });
  return { disk, guard };
}

describe('the disk guard', () => {
  it('asks for the log and a flush plus a compaction of the database, capped', () => {
    expect(marginBytes(2 * MB)).toBe(LOG_AND_FLUSH_BYTES + 2 * MB);
    expect(marginBytes(500 * MB)).toBe(LOG_AND_FLUSH_BYTES + COMPACTION_CAP_BYTES);
    expect(marginBytes(null)).toBe(LOG_AND_FLUSH_BYTES + COMPACTION_CAP_BYTES);
  });

  it('holds writes until the first probe, then lets them through without waiting while there is room', async () => {
    const { disk, guard } = fakeDisk(100 * MB);
    const first = guard.gate();
    expect(first).toBeInstanceOf(Promise);
    await first;
    expect(disk.probes).toEqual([10 * MB]);
    expect(guard.gate()).toBeUndefined();
  });

  it('refuses writes with an out-of-space error once the margin does not fit, and lets them through when space returns', async () => {
    const { disk, guard } = fakeDisk(6 * MB);
    const error = await guard.gate()!.catch((e) => e);
    expect(isGuardRefusal(error)).toBe(true);
    expect(isOutOfSpace(error)).toBe(true);
    expect(writeErrorMessage(error)).toMatch(/^Your device is out of storage space\. Free some space/);
    expect(guard.isLow()).toBe(true);
    expect(guard.refusing()).toBe(true);

    // Refused again without a new probe until MS_BETWEEN_LOW_PROBES have passed.
    await expect(guard.gate()).rejects.toThrow(/out of storage space/);
    expect(disk.probes).toHaveLength(1);
    disk.free = 50 * MB;
    disk.time += MS_BETWEEN_LOW_PROBES;
    await guard.gate();
    expect(guard.isLow()).toBe(false);
    expect(guard.gate()).toBeUndefined();
  });

  it('probes again after every few writes, in the background', async () => {
    const { disk, guard } = fakeDisk(100 * MB);
    await guard.check();
    disk.time += MS_BETWEEN_PROBES;
    for (let i = 1; i < WRITES_BETWEEN_PROBES; i++) expect(guard.wrote()).toBe(false);
    disk.free = 1 * MB; // another app took the space
    expect(guard.wrote()).toBe(true);
    await guard.check(); // the one in flight
    expect(guard.isLow()).toBe(true);
  });

  it('does not probe again sooner than MS_BETWEEN_PROBES, however fast the writes come, then probes at the next write', async () => {
    const { disk, guard } = fakeDisk(100 * MB);
    await guard.check();
    for (let i = 0; i < 5 * WRITES_BETWEEN_PROBES; i++) expect(guard.wrote()).toBe(false);
    disk.time += MS_BETWEEN_PROBES - 1;
    expect(guard.wrote()).toBe(false);
    expect(disk.probes).toHaveLength(1);
    disk.time += 1;
    expect(guard.wrote()).toBe(true);
    await guard.check();
    expect(disk.probes.length).toBeGreaterThan(1);
  });

  it('a large write refused for its own size does not put off the periodic probe of the margin', async () => {
    const { disk, guard } = fakeDisk(100 * MB);
    await guard.check();
    disk.free = 11 * MB; // the margin (10 MB) fits, a 50 MB backup does not
    disk.time += MS_BETWEEN_PROBES;
    expect(await guard.check(50 * MB)).toBe(false);
    expect(guard.isLow()).toBe(false);
    disk.free = 1 * MB;
    for (let i = 1; i < WRITES_BETWEEN_PROBES; i++) expect(guard.wrote()).toBe(false);
    expect(guard.wrote()).toBe(true);
    await guard.check();
    expect(guard.isLow()).toBe(true);
  });

  it('runs the periodic probe when the page hands it over (idle, after the paint), not during the write that triggered it', async () => {
    const disk = { free: 100 * MB, probes: [] as number[], time: 0 };
    const queued: (() => void)[] = [];
    const guard = createDiskGuard({
      probe: async (bytes) => {
        disk.probes.push(bytes);
        return bytes <= disk.free;
      },
      indexedDbUsage: async () => 2 * MB,
      now: () => disk.time,
      later: (work) => queued.push(work)
    });
    await guard.check();
    disk.time += MS_BETWEEN_PROBES;
    for (let i = 1; i < WRITES_BETWEEN_PROBES; i++) guard.wrote();
    disk.free = 1 * MB;
    expect(guard.wrote()).toBe(true);
    await Promise.resolve();
    expect(disk.probes).toHaveLength(1); // only the first probe so far
    expect(queued).toHaveLength(1);
    queued[0]();
    await guard.check(); // the one it started
    expect(disk.probes.length).toBeGreaterThan(1);
    expect(guard.isLow()).toBe(true);
  });

  it('checks a large write with the margin on top, without calling the disk low when only the extra does not fit', async () => {
    const { guard } = fakeDisk(30 * MB);
    expect(await guard.check(15 * MB)).toBe(true);
    expect(await guard.check(25 * MB)).toBe(false);
    expect(guard.isLow()).toBe(false);
  });

  it('never refuses when the browser cannot tell', async () => {
    const guard = createDiskGuard({ probe: async () => null, indexedDbUsage: async () => null });
    await guard.gate();
    expect(guard.isLow()).toBe(false);
  });

  it('stays low when a probe cannot tell (say, a handle still held by a page just reloaded)', async () => {
    let answer: boolean | null = false;
    let time = 0;
    const guard = createDiskGuard({ probe: async () => answer, indexedDbUsage: async () => 0, now: () => time });
    await guard.check();
    expect(guard.isLow()).toBe(true);
    answer = null;
    time += MS_BETWEEN_LOW_PROBES;
    await expect(guard.gate()).rejects.toThrow(/out of storage space/);
    expect(guard.isLow()).toBe(true);
  });

  it('starts low in a new page when the last one was, until a probe finds room', async () => {
    const saved: boolean[] = [];
    const remember = { load: () => true, save: (low: boolean) => void saved.push(low) };
    const stillFull = createDiskGuard({ probe: async () => null, indexedDbUsage: async () => 0, remember });
    await expect(stillFull.gate()).rejects.toThrow(/out of storage space/);
    const freed = createDiskGuard({ probe: async () => true, indexedDbUsage: async () => 0, remember });
    await freed.gate();
    expect(saved).toEqual([false]);
  });

  it('after a write that failed for space anyway, refuses until a probe finds room', async () => {
    const { disk, guard } = fakeDisk(100 * MB);
    await guard.check();
    disk.free = 0;
    guard.failedForSpace();
    expect(guard.refusing()).toBe(true);
    disk.free = 100 * MB;
    disk.time += MS_BETWEEN_LOW_PROBES;
    await guard.gate();
    expect(guard.refusing()).toBe(false);
  });

  describe('with the quick check and the reserve', () => {
    /** A disk with `free` bytes beside a reserve file the guard fills and empties. */
    function diskWithReserve(free: number) {
      const disk = { free, reserve: 0, checks: 0, time: 0 };
      const guard = createDiskGuard({
        probe: async (bytes) => bytes <= disk.free,
        indexedDbUsage: async () => 2 * MB,
        now: () => disk.time,
        quickCheck: async (bytes) => {
          disk.checks++;
          return bytes <= disk.free;
        },
        reserve: {
          fill: async (bytes) => {
            const more = bytes - disk.reserve;
            if (more > disk.free) return false;
            disk.free -= more;
            disk.reserve = bytes;
            return true;
          },
          release: async () => {
            disk.free += disk.reserve;
            disk.reserve = 0;
          }
        }
      });
      return { disk, guard };
    }

    it('fills the reserve once the first probe finds room, and checks before every write', async () => {
      const { disk, guard } = diskWithReserve(100 * MB);
      await guard.gate();
      expect(disk.reserve).toBe(RESERVE_BYTES);
      // The reserve counts towards the margin: a disk with the margin free, the reserve included, is not low.
      disk.free = marginBytes(2 * MB) - RESERVE_BYTES;
      expect(await guard.check()).toBe(true);
      await guard.gate();
      await guard.gate();
      expect(disk.checks).toBe(2);
    });

    it('refuses the write when the disk filled since the last probe, and gives the reserve back at once', async () => {
      const { disk, guard } = diskWithReserve(100 * MB);
      await guard.gate();
      disk.free = QUICK_CHECK_BYTES - 1; // another app took the rest
      await expect(guard.gate()).rejects.toThrow(/out of storage space/);
      expect(guard.isLow()).toBe(true);
      expect(guard.refusing()).toBe(true);
      await Promise.resolve(); // the release runs beside the refusal
      expect(disk.reserve).toBe(0);
      expect(disk.free).toBe(QUICK_CHECK_BYTES - 1 + RESERVE_BYTES);
    });

    it('checks a bulk write for its own size: refused, with the reserve given back, when only a small write fits', async () => {
      const { disk, guard } = diskWithReserve(100 * MB);
      await guard.gate();
      disk.free = 1 * MB; // room for an answer, not for a 2 MB batch of the word index
      await guard.gate();
      await expect(guard.gate(2 * MB)).rejects.toThrow(/out of storage space/);
      await Promise.resolve();
      expect(disk.reserve).toBe(0);
    });

    it('goes on writing only once a probe finds room for the margin and the reserve again', async () => {
      const { disk, guard } = diskWithReserve(100 * MB);
      await guard.gate();
      disk.free = 0;
      await expect(guard.gate()).rejects.toThrow(/out of storage space/);
      await Promise.resolve();
      // The reserve's room alone is not enough: still refused after the next probe.
      disk.time += MS_BETWEEN_LOW_PROBES;
      await expect(guard.gate()).rejects.toThrow(/out of storage space/);
      disk.free += 40 * MB;
      disk.time += MS_BETWEEN_LOW_PROBES;
      await guard.gate();
      expect(guard.isLow()).toBe(false);
      expect(disk.reserve).toBe(RESERVE_BYTES);
    });

    it('stays low when the margin fits but the reserve no longer does', async () => {
      const fill = vi.fn(async () => false);
      const tight = createDiskGuard({ probe: async () => true, indexedDbUsage: async () => 0, reserve: { fill, release: async () => undefined } });
      await expect(tight.gate()).rejects.toThrow(/out of storage space/);
      expect(fill).toHaveBeenCalledWith(RESERVE_BYTES);
      expect(tight.isLow()).toBe(true);
    });

    it('counts a reserve an earlier page left (reloaded while there was room) towards the margin from the first probe', async () => {
      const probes: number[] = [];
      const fill = vi.fn(async () => true);
      const guard = createDiskGuard({
        probe: async (bytes) => (probes.push(bytes), true),
        indexedDbUsage: async () => 2 * MB,
        reserve: { fill, release: async () => undefined, holds: async () => true }
      });
      await guard.gate();
      expect(probes).toEqual([marginBytes(2 * MB) - RESERVE_BYTES]);
      expect(fill).not.toHaveBeenCalled();
    });

    it('starting low, empties the reserve before its first probe and asks for the whole margin', async () => {
      // The page before found the disk full and was emptying the reserve when it was left: that
      // release may land only after this page looked at the file, so a full file proves nothing.
      const disk = { free: 0, reserve: RESERVE_BYTES, probes: [] as number[] };
      let releaseLater: (() => void) | null = () => {
        disk.free += disk.reserve;
        disk.reserve = 0;
      };
      const guard = createDiskGuard({
        probe: async (bytes) => {
          releaseLater?.(); // the earlier page's release lands now, whatever this page did
          releaseLater = null;
          disk.probes.push(bytes);
          return bytes <= disk.free;
        },
        indexedDbUsage: async () => 2 * MB,
        remember: { load: () => true, save: () => undefined },
        reserve: {
          fill: async () => false,
          holds: async (bytes) => disk.reserve >= bytes,
          release: async () => {
            disk.free += disk.reserve;
            disk.reserve = 0;
          }
        }
      });
      await expect(guard.gate()).rejects.toThrow(/out of storage space/);
      expect(disk.probes).toEqual([marginBytes(2 * MB)]);
      expect(disk.free).toBe(RESERVE_BYTES);
      expect(guard.isLow()).toBe(true);
    });

    it('lets writes through when the check cannot tell', async () => {
      const guard = createDiskGuard({ probe: async () => true, indexedDbUsage: async () => 0, quickCheck: async () => null });
      await guard.gate();
      await guard.gate();
      expect(guard.isLow()).toBe(false);
    });
  });
});

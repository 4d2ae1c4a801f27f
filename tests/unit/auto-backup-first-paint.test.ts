import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { names, SRC as root, staticClosure } from './static-imports';

describe('the loss check on the study screen stays small', () => {
  it('the study screen and the layout reach no backup writer, compressor or Dexie before the first card', () => {
    const reached = names([
      ...staticClosure(join(root, 'lib/study/study-session.svelte.ts')),
      ...staticClosure(join(root, 'lib/backup/ui/DatabaseResetSlot.svelte'))
    ]);
    expect(reached).toContain('lib/backup/auto/database-reset.svelte.ts');
    const heavy = reached.filter((p) =>
      /^(fflate|dexie)$|backup\/(write|read|restore|validate)\.ts|backup\/auto\/(run|snapshot|increment|gzip|activity|restore-auto)\.ts/.test(p)
    );
    expect(heavy).toEqual([]);
  });
});

import type { FlashcardDatabase } from '../db/database';
import type { DeckRow } from '../db/schema';
import { assertRoomForFile } from '../db/disk-guard-start';
import { writeErrorMessage } from '../db/write-errors';
import { parseInWorker, type ParseJob } from './client';
import { phaseTimer } from './phase-timing';
import { checkFile } from './limits';
import { ImportError, type DelimitedOptions, type ImportedMedia, type ParsedImport } from './types';
import { cardTextWritten } from '../app/html-backlog-runner';
import { buildSearchIndexWhenIdle } from '../cards/search-index-build';
import {
  cleanCards,
  diffImport,
  findTargetDeck,
  importedDecks,
  namedDeckTargets,
  namesSeveralDecks,
  writeImport,
  type ImportDiff,
  type ImportResult,
  type NamedDeckTarget
} from './write';

export type ImportPhase = 'idle' | 'reading' | 'preview' | 'failed' | 'writing' | 'done';

/**
 * The import page's state: a file is parsed in a worker, cleaned and previewed; nothing is
 * written until `commit()`, which writes everything in one transaction.
 */
export class ImportSession {
  phase = $state<ImportPhase>('idle');
  file = $state<File | null>(null);
  progress = $state(0);
  stage = $state('');
  parsed = $state.raw<ParsedImport | null>(null);
  error = $state<string | null>(null);
  decks = $state<DeckRow[]>([]);
  mode = $state<'new' | 'existing'>('new');
  title = $state('');
  targetId = $state('');
  diff = $state<ImportDiff | null>(null);
  /** A file naming several decks: where each goes (found by identity, else new). */
  namedDecks = $state<NamedDeckTarget[] | null>(null);
  skipErrors = $state(false);
  retireMissing = $state(false);
  result = $state<ImportResult | null>(null);
  /** Re-reading the same file with other options: the old preview stays on screen meanwhile. */
  reparsing = $state(false);
  parseMs = $state(0);
  writeMs = $state(0);

  private job: ParseJob | null = null;
  private options: DelimitedOptions = {};
  // Not reactive: read when a preview image is shown.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private mediaUrls = new Map<string, Blob>();

  constructor(
    private db: FlashcardDatabase,
    private clean: (text: string) => string
  ) {}

  get errorCount(): number {
    return this.parsed?.problems.filter((p) => p.severity === 'error').length ?? 0;
  }

  get canImport(): boolean {
    if (this.phase !== 'preview' || this.reparsing || !this.parsed || this.parsed.cards.length === 0) return false;
    if (this.errorCount > 0 && !this.skipErrors) return false;
    if (this.namedDecks) return true;
    return this.mode === 'new' ? this.title.trim() !== '' : this.targetId !== '';
  }

  /** Images of the file being previewed (not stored yet). */
  previewMedia = async (hash: string): Promise<Blob | undefined> => this.mediaUrls.get(hash);

  async choose(file: File): Promise<void> {
    this.options = {};
    this.result = null;
    this.title = '';
    await this.read(file, true);
  }

  /** Re-reads the same file with other delimiter / column / format choices. */
  async reparse(options: DelimitedOptions): Promise<void> {
    if (!this.file) return;
    this.options = { ...this.options, ...options };
    await this.read(this.file, false);
  }

  private async read(file: File, fresh: boolean): Promise<void> {
    this.job?.cancel();
    this.file = file;
    this.error = null;
    this.skipErrors = false;
    this.progress = 0;
    this.stage = 'Reading the file';
    const refused = checkFile(file.name, file.size);
    if (refused) {
      this.parsed = null;
      this.fail(refused);
      return;
    }
    if (fresh || !this.parsed) {
      this.parsed = null;
      this.diff = null;
      this.phase = 'reading';
    } else {
      this.reparsing = true;
    }
    const job = parseInWorker(file, this.options, (share, stage) => {
      this.progress = share * 0.9;
      this.stage = stage;
    });
    this.job = job;
    try {
      const { parsed, ms } = await job.result;
      if (this.job !== job) return;
      this.stage = 'Checking the cards';
      const cleaned = await cleanCards(parsed, this.clean, (share) => (this.progress = 0.9 + share * 0.1));
      if (this.job !== job) return;
      this.parseMs = ms;
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      this.mediaUrls = new Map(cleaned.media.map((m: ImportedMedia) => [m.hash, new Blob([m.data as BlobPart], { type: m.mime })]));
      this.parsed = cleaned;
      this.decks = await importedDecks(this.db);
      this.namedDecks = namesSeveralDecks(cleaned) ? await namedDeckTargets(this.db, cleaned) : null;
      if (fresh) await this.pickDefaultTarget(cleaned);
      await this.refreshDiff();
      this.phase = 'preview';
    } catch (e) {
      if (this.job !== job) return;
      if (e instanceof Error && e.message === 'cancelled') return;
      this.parsed = null;
      this.fail(e instanceof ImportError ? e.message : e instanceof Error ? e.message : String(e));
    } finally {
      if (this.job === job) {
        this.job = null;
        this.reparsing = false;
      }
    }
  }

  private fail(message: string) {
    this.error = message;
    this.phase = 'failed';
  }

  /** The deck the file's cards (or its stated deck identity) are already in: never chosen by title alone. */
  private async pickDefaultTarget(parsed: ParsedImport) {
    this.title = parsed.suggestedTitle;
    const same = await findTargetDeck(this.db, parsed);
    this.mode = same ? 'existing' : 'new';
    this.targetId = same?.id ?? this.decks[0]?.id ?? '';
  }

  async setTarget(mode: 'new' | 'existing', targetId = this.targetId): Promise<void> {
    this.mode = mode;
    this.targetId = targetId;
    await this.refreshDiff();
  }

  private async refreshDiff() {
    this.diff = this.mode === 'existing' && this.targetId && this.parsed ? await diffImport(this.db, this.parsed, this.targetId) : null;
  }

  cancel(): void {
    this.job?.cancel();
    this.job = null;
    this.reparsing = false;
    this.phase = 'idle';
    this.parsed = null;
    this.file = null;
    this.error = null;
  }

  async commit(): Promise<void> {
    if (!this.canImport || !this.parsed) return;
    const parsed = this.parsed;
    this.phase = 'writing';
    this.stage = 'Saving';
    this.progress = 0;
    const started = performance.now();
    const phase = phaseTimer();
    try {
      const existing = this.mode === 'existing' ? this.decks.find((d) => d.id === this.targetId) : undefined;
      // Refused before anything is written when the disk could not take it (disk-guard.ts).
      await assertRoomForFile(this.file?.size ?? 0);
      phase('room check');
      this.result = await writeImport(
        this.db,
        parsed,
        {
          deckId: existing?.id,
          title: existing ? existing.title : this.title,
          retireMissing: !!existing && this.retireMissing,
          ...(this.namedDecks ? { decks: this.namedDecks } : {})
        },
        { onProgress: (share) => (this.progress = share), phase }
      );
      this.writeMs = Math.round(performance.now() - started);
      this.phase = 'done';
      void cardTextWritten(this.db);
      // The import left its cards' word index to the background build (writer.ts putCardsIndexLater).
      buildSearchIndexWhenIdle(this.db);
    } catch (e) {
      // The transaction was rolled back: nothing was written.
      this.error = `Nothing was imported: ${writeErrorMessage(e)}`;
      this.phase = 'preview';
    }
  }
}

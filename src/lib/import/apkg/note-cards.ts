import { hasVisibleContent, htmlCard } from '../../cards/card-html';
import { fieldTooLong } from '../limits';
import { rewriteMedia } from '../media-refs';
import { answerOnly, renderTemplate } from '../template';
import type { ImportedCard, ImportProblem } from '../types';
import type { AnkiCollection, Notetype } from './collection';
import { noteTypeCss, wrapInNotetype } from './notetype-styles';
import { attachHistory, revlogByCard } from './revlog';
import { typeInAnswer } from './type-in';

export type Progress = (share: number, stage: string) => void;

/** Counts of what the media rewriting left out, summed over the cards (reported once, not per card). */
interface MediaTally {
  missingImages: Set<string>;
  sounds: number;
  blocked: number;
}

/**
 * Stage 4: every Anki card rendered from its note and template into an imported card (with the
 * stage-5 history attached), and the CSS of the note types they use. Cards that cannot be made
 * are reported in `problems` and skipped.
 */
export function cardsFromNotes(
  collection: AnkiCollection,
  lookup: (name: string) => string | undefined,
  problems: ImportProblem[],
  onProgress: Progress,
  now: number
): { cards: ImportedCard[]; noteTypeCss?: Record<string, string> } {
  const notes = new Map(collection.notes.map((n) => [n.id, n]));
  const reviewsByCard = revlogByCard(collection.reviews);
  const cards: ImportedCard[] = [];
  const tally: MediaTally = { missingImages: new Set(), sounds: 0, blocked: 0 };
  const usedNotetypes = new Set<Notetype>();
  collection.cards.forEach((card, i) => {
    if (i % 500 === 0) onProgress(0.4 + 0.55 * (i / Math.max(1, collection.cards.length)), 'Making cards');
    const note = notes.get(card.nid);
    const where = `note ${card.nid}`;
    if (!note) {
      problems.push({ where: `card ${card.id}`, message: `belongs to note ${card.nid}, which is not in the package; skipped`, severity: 'error' });
      return;
    }
    const notetype = collection.notetypes.get(note.mid);
    if (!notetype) {
      problems.push({ where, message: `uses a note type (id ${note.mid}) that is not in the package; skipped`, severity: 'error' });
      return;
    }
    const template = notetype.cloze ? notetype.templates[0] : notetype.templates.find((t) => t.ord === card.ord);
    if (!template) {
      problems.push({ where, message: `card ${card.ord + 1} of note type "${notetype.name}" has no template; skipped`, severity: 'error' });
      return;
    }
    const fields: Record<string, string> = {};
    notetype.fields.forEach((name, k) => (fields[name] = note.fields[k] ?? ''));
    const tooLong = notetype.fields.map((name) => fieldTooLong(`field "${name}"`, fields[name])).find(Boolean);
    if (tooLong) {
      problems.push({ where, message: `${tooLong}; card ${card.ord + 1} skipped`, severity: 'error' });
      return;
    }
    const ctx = { fields, ord: card.ord, tags: note.tags, deck: collection.decks.get(card.did) ?? '', notetype: notetype.name, card: template.name };
    const question = renderTemplate(template.qfmt, { ...ctx, side: 'q' });
    const answer = renderTemplate(answerOnly(template.afmt), { ...ctx, side: 'a', frontSide: question });
    const q = rewriteMedia(question, lookup);
    const a = rewriteMedia(answer, lookup);
    [...q.missing, ...a.missing].forEach((n) => tally.missingImages.add(n));
    tally.sounds += q.sounds + a.sounds;
    tally.blocked += q.blocked + a.blocked;
    if (!hasVisibleContent(q.html)) {
      problems.push({ where, message: `card ${card.ord + 1} ("${template.name}") has an empty question; skipped`, severity: 'warning' });
      return;
    }
    const imported: ImportedCard = {
      key: `a:${note.guid}.${card.ord}`,
      note: `a:${note.guid}`,
      front: htmlCard(wrapInNotetype(q.html, notetype, card.ord)),
      back: htmlCard(wrapInNotetype(a.html || '<p>(empty answer)</p>', notetype, card.ord)),
      tags: note.tags,
      where
    };
    const typeIn = typeInAnswer(template.qfmt, fields, card.ord);
    if (typeIn) imported.typeIn = typeIn;
    attachHistory(imported, card, reviewsByCard, collection, now);
    cards.push(imported);
    usedNotetypes.add(notetype);
  });
  reportMediaTally(tally, problems);
  const css = noteTypeCss(usedNotetypes, problems);
  return css ? { cards, noteTypeCss: css } : { cards };
}

function reportMediaTally({ missingImages, sounds, blocked }: MediaTally, problems: ImportProblem[]): void {
  if (missingImages.size) {
    const list = [...missingImages];
    problems.push({
      where: 'media',
      message: `${list.length} image${list.length === 1 ? ' is' : 's are'} referenced but not in the package (${list.slice(0, 5).join(', ')}${list.length > 5 ? ', …' : ''}); their names are shown instead`,
      severity: 'warning'
    });
  }
  if (blocked)
    problems.push({
      where: 'media',
      message: `${blocked} image${blocked === 1 ? '' : 's'} with a data: or other inline URL removed (not allowed for safety)`,
      severity: 'warning'
    });
  if (sounds)
    problems.push({
      where: 'media',
      message: `${sounds} sound reference${sounds === 1 ? '' : 's'} ([sound:…]) left out: the sound file is not in the package or not a sound this app plays`,
      severity: 'warning'
    });
}

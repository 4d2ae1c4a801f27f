/**
 * The sounds of the card on the study screen (imported Anki [sound:…] files, shown as <audio>
 * controls): played one after another, the question's when it is shown and the answer's on
 * reveal when the deck plays sounds automatically (Anki's autoplay), again on R or the replay
 * button, and stopped when the learner moves on. Browsers refuse play() without a user gesture
 * (a study screen opened by a reload): that refusal is kept quiet and shown as `blocked`, and the
 * replay button, a gesture, plays them.
 */
export class CardSounds {
  /** The side shown has sounds (the replay button is offered). */
  present = $state(false);
  /** The browser refused to start them without a gesture. */
  blocked = $state(false);
  private run = 0;
  private playing: HTMLAudioElement[] = [];
  private root: HTMLElement | null = null;
  private watch: MutationObserver | null = null;

  /** Follows the sounds under `root` (the side just shown); plays them when `autoplay`. */
  show(root: HTMLElement | null, autoplay: boolean): void {
    this.stop();
    this.watch?.disconnect();
    this.root = root;
    this.blocked = false;
    this.present = false;
    if (!root) return;
    // The side's HTML may arrive after it is shown (a card rendered on demand): wait for its sounds.
    let found = false;
    const look = () => {
      if (found || !root.querySelector('audio')) return;
      found = this.present = true;
      this.watch?.disconnect();
      if (autoplay) void this.playAll();
    };
    this.watch = new MutationObserver(look);
    this.watch.observe(root, { childList: true, subtree: true });
    look();
  }

  /** Stops following the side (the card left the screen). */
  leave(): void {
    this.stop();
    this.watch?.disconnect();
    this.root = null;
    this.present = false;
    this.blocked = false;
  }

  /** Plays every sound of the side shown, in order, from the start. */
  async playAll(): Promise<void> {
    this.stop();
    const run = ++this.run;
    const audios = [...(this.root?.querySelectorAll('audio') ?? [])];
    this.playing = audios;
    for (const audio of audios) {
      if (!(await sourced(audio)) || run !== this.run) continue;
      audio.currentTime = 0;
      try {
        await audio.play();
      } catch (error) {
        // NotAllowedError: no gesture yet. Anything else (a file that will not decode): skip it.
        if (run === this.run && (error as DOMException)?.name === 'NotAllowedError') this.blocked = true;
        if (this.blocked) return;
        continue;
      }
      this.blocked = false;
      await ended(audio, () => run !== this.run);
      if (run !== this.run) return;
    }
  }

  /** Stops what is playing (the learner moved on). */
  stop(): void {
    this.run++;
    for (const audio of this.playing) if (!audio.paused) audio.pause();
    this.playing = [];
  }
}

/** Waits for the object URL of a stored sound (set by media-view.ts once read from IndexedDB); false if it is replaced (missing). */
function sourced(audio: HTMLAudioElement): Promise<boolean> {
  if (audio.getAttribute('src')) return Promise.resolve(true);
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (audio.getAttribute('src')) done(true);
      else if (!audio.isConnected) done(false);
    });
    const done = (ok: boolean) => {
      observer.disconnect();
      resolve(ok);
    };
    observer.observe(audio, { attributes: true, attributeFilter: ['src'] });
    if (audio.parentNode) observer.observe(audio.parentNode, { childList: true });
  });
}

/** Resolves when the sound ends, is paused or fails, or when `cancelled` says the run is over. */
function ended(audio: HTMLAudioElement, cancelled: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const finish = () => {
      for (const type of ['ended', 'pause', 'error'] as const) audio.removeEventListener(type, finish);
      resolve();
    };
    for (const type of ['ended', 'pause', 'error'] as const) audio.addEventListener(type, finish);
    if (cancelled() || audio.paused) finish();
  });
}

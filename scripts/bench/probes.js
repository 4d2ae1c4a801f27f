// Injected by the benchmark into every measured page before any of the app's scripts
// (page.addInitScript). Plain JavaScript, not bundled: it must stay tiny so it does not weigh on
// the start-up it measures. It only observes the DOM; it never calls app code.
//
// window.__benchMarks: performance.now() (ms since navigation start) when a selector first
//   matched (`card`, `decks`; `cardReady`: a card that is not aria-busy; `mounted`: the first
//   element SvelteKit rendered into the page) and at the next animation frame (`cardPaint`,
//   `cardReadyPaint`, `decksPaint`, `mountedPaint`).
// window.__benchAnswer.results: one entry per grade key press that the app accepted:
//   latency = key event -> next question (or "done") in the DOM -> next animation frame;
//   dom = key event -> DOM change; settled = key event -> the app idle again (Undo enabled,
//   counts refreshed, the answer committed: no aria-busy card).
// window.__benchDrive(n, seed): answers n cards in the page with synthetic key events (used for
//   the 1,000-answer memory run, where a round trip to the test driver per key would dominate).
// window.__benchTrace (only when window.__benchTraceOn was set before): every IndexedDB
//   request the page makes, with its source, key range, rows delivered and time.
(() => {
  const W = window;
  const marks = (W.__benchMarks = {});
  const watched = [
    ['card', 'article.card'],
    // The card can be graded without waiting: not a card painted before the database confirmed it.
    ['cardReady', 'article.card:not([aria-busy="true"])'],
    ['decks', 'ul.decks'],
    // SvelteKit renders into the element around its bootstrap script: the router has started and
    // the layout and page modules have run (the app shows "Loading…" there until its data is read).
    ['mounted', 'body > div > :not(script)']
  ];
  const answer = (W.__benchAnswer = { pending: null, results: [] });

  function stamp(name) {
    marks[name] = performance.now();
    requestAnimationFrame(() => {
      marks[name + 'Paint'] = performance.now();
    });
  }

  function finish(p) {
    if (answer.pending !== p || p.paint === undefined || p.settled === undefined) return;
    answer.results.push({
      key: p.key,
      at: p.t0,
      latency: p.paint - p.t0,
      dom: p.dom - p.t0,
      settled: p.settled - p.t0,
      done: p.done,
      inputDelay: p.handled - p.t0
    });
    answer.pending = null;
  }

  function onMutations() {
    for (const [name, selector] of watched) if (marks[name] === undefined && document.querySelector(selector)) stamp(name);
    const p = answer.pending;
    if (!p) return;
    if (p.dom === undefined && document.querySelector('footer .reveal, section.done')) {
      p.dom = performance.now();
      p.done = !!document.querySelector('section.done');
      requestAnimationFrame(() => {
        p.paint = performance.now();
        finish(p);
      });
    }
    if (p.dom !== undefined && p.settled === undefined) {
      const undo = document.querySelector('button.undo');
      // A next card painted before its answer committed is aria-busy until it has.
      if ((!undo || !undo.disabled) && !document.querySelector('[aria-busy="true"]')) {
        p.settled = performance.now();
        finish(p);
      }
    }
  }

  new MutationObserver(onMutations).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled', 'aria-busy'] });

  addEventListener(
    'keydown',
    (e) => {
      if (!['1', '2', '3', '4'].includes(e.key)) return;
      const grade = document.querySelector('.grades .grade');
      if (!grade || grade.disabled || answer.pending) return;
      const now = performance.now();
      // timeStamp is when the input event was created (includes queueing before the handler).
      answer.pending = { key: e.key, t0: Math.min(e.timeStamp || now, now), handled: now };
    },
    true
  );

  function waitFor(predicate, timeout) {
    return new Promise((resolve) => {
      if (predicate()) return resolve(true);
      const mo = new MutationObserver(check);
      const interval = setInterval(check, 10);
      const timer = setTimeout(() => end(false), timeout);
      function check() {
        if (predicate()) end(true);
      }
      function end(value) {
        mo.disconnect();
        clearInterval(interval);
        clearTimeout(timer);
        resolve(value);
      }
      mo.observe(document, { childList: true, subtree: true, attributes: true });
    });
  }

  function press(key) {
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  }

  /** Waits for the previous answer to settle and a question (or "done"), then reveals the answer side. */
  W.__benchReveal = async (timeout = 15000) => {
    const ready = await waitFor(() => !answer.pending && (document.querySelector('section.done') || document.querySelector('footer .reveal')), timeout);
    if (!ready) throw new Error('no question shown');
    if (document.querySelector('section.done')) return 'done';
    press(' ');
    if (
      !(await waitFor(() => {
        const g = document.querySelector('.grades .grade');
        return g && !g.disabled;
      }, timeout))
    )
      throw new Error('answer side not shown');
    // A person reads the answer before grading it: let the reveal's own work (painting the
    // answer, highlighting its code) finish, so it is not counted in the answer that follows.
    await settled();
    return 'ready';
  };

  /** Two frames painted and then an idle period: nothing left queued on the main thread. */
  function settled() {
    return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => requestIdleCallback(() => resolve(), { timeout: 2000 }))));
  }

  W.__benchDrive = async (count, seed, timeout = 15000) => {
    let a = seed >>> 0;
    const rand = () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    for (let i = 0; i < count; i++) {
      const ready = await waitFor(() => !answer.pending && (document.querySelector('section.done') || document.querySelector('footer .reveal')), timeout);
      if (!ready) throw new Error(`no question after answer ${i}`);
      if (document.querySelector('section.done')) return { answered: i, done: true };
      press(' ');
      if (
        !(await waitFor(() => {
          const g = document.querySelector('.grades .grade');
          return g && !g.disabled;
        }, timeout))
      )
        throw new Error(`answer side not shown at ${i}`);
      await settled();
      const r = rand();
      const before = answer.results.length;
      press(r < 0.15 ? '1' : r < 0.25 ? '2' : r < 0.9 ? '3' : '4');
      if (!(await waitFor(() => answer.results.length > before, timeout))) throw new Error(`answer ${i} not completed`);
    }
    return { answered: count, done: false };
  };

  if (W.__benchTraceOn) {
    const trace = (W.__benchTrace = []);
    const describe = (q) => {
      try {
        // getAll/getAllKeys may get an options dictionary { query, count, direction } (Dexie 4 uses it).
        const opts = q && typeof q === 'object' && !(q instanceof IDBKeyRange) && !Array.isArray(q) && 'query' in q ? q : null;
        const range = opts ? opts.query : q;
        const v = range instanceof IDBKeyRange ? [range.lower, range.upper] : range;
        if (opts)
          return `${JSON.stringify(v, (_k, x) => (x === Infinity ? '+inf' : x === -Infinity ? '-inf' : x)) ?? 'all'} count=${opts.count ?? '-'} ${opts.direction ?? ''}`;
        return JSON.stringify(v, (_k, x) => (x === Infinity ? '+inf' : x === -Infinity ? '-inf' : x)) ?? '';
      } catch {
        return String(q);
      }
    };
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function (...args) {
      const req = open.apply(this, args);
      const entry = { op: 'open', on: String(args[0]), range: args[1] === undefined ? '' : `version ${args[1]}`, t0: performance.now(), t1: 0, rows: 0 };
      trace.push(entry);
      req.addEventListener('success', () => (entry.t1 = performance.now()));
      return req;
    };
    const methods = ['get', 'getAll', 'getAllKeys', 'getKey', 'count', 'openCursor', 'openKeyCursor', 'put', 'add', 'delete', 'clear'];
    for (const [proto, isIndex] of [
      [IDBObjectStore.prototype, false],
      [IDBIndex.prototype, true]
    ]) {
      for (const m of methods) {
        const original = proto[m];
        if (typeof original !== 'function') continue;
        proto[m] = function (...args) {
          const req = original.apply(this, args);
          const entry = {
            op: m,
            on: isIndex ? `${this.objectStore.name}.${this.name}` : this.name,
            range: m === 'put' || m === 'add' ? '' : describe(args[0]),
            t0: performance.now(),
            t1: 0,
            rows: 0
          };
          trace.push(entry);
          req.addEventListener('success', () => {
            entry.t1 = performance.now();
            if (m === 'openCursor' || m === 'openKeyCursor') {
              if (req.result) entry.rows++;
            } else if (m === 'getAll' || m === 'getAllKeys') entry.rows = req.result.length;
            else entry.rows = m === 'count' ? req.result : 1;
          });
          return req;
        };
      }
    }
  }
})();

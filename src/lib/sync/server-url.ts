// Checks a server URL typed by the user before anything is sent, with the reason in words.
// The rules match the app's Content-Security-Policy (csp.config.js connect-src: https: anywhere,
// http: only on this computer), which would otherwise refuse the request with a bare network error
// indistinguishable from a server that is down (an https page could not reach http: elsewhere
// anyway: mixed content).

/** Hosts that mean "this computer": plain http is allowed there (and is a secure context). */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

export type ServerUrlCheck = { ok: true; url: string } | { ok: false; message: string };

/** The URL with a trailing slash (a CouchDB behind a proxy may live under a path), or why it is refused. */
export function checkServerUrl(input: string): ServerUrlCheck {
  const text = input.trim();
  if (!text) return { ok: false, message: 'Enter the server address, for example https://couch.example.org.' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // It has a scheme, so the typo is further on (a port above 65535, a space in the host name…).
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return { ok: false, message: `"${text}" is not a valid web address: check the server name and port for typos.` };
    return { ok: false, message: `"${text}" is not a web address. Start it with https://, for example https://couch.example.org.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    const typed = text.slice(0, url.protocol.length + (text.slice(url.protocol.length).startsWith('//') ? 2 : 0));
    return { ok: false, message: `The address must start with https:// (it starts with ${typed}).` };
  }
  if (url.username || url.password) {
    return { ok: false, message: 'Leave the user name and password out of the address: enter them in their own fields.' };
  }
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol === 'http:' && !local) {
    return {
      ok: false,
      message:
        'Use https:// for a server on another computer: the app sends your password and cards only over an encrypted connection (plain http:// is allowed for localhost only).'
    };
  }
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return { ok: true, url: url.href };
}

/** A database name CouchDB accepts (its own rule), so a typo is caught before the request. */
export function checkDatabaseName(input: string): { ok: true; name: string } | { ok: false; message: string } {
  const name = input.trim();
  if (!name) return { ok: false, message: 'Enter the database name.' };
  if (!/^[a-z][a-z0-9_$()+/-]*$/.test(name)) {
    return {
      ok: false,
      message: 'A CouchDB database name starts with a lowercase letter and holds only lowercase letters, digits and _ $ ( ) + - /.'
    };
  }
  return { ok: true, name };
}

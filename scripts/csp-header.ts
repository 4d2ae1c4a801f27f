// Prints the built app's Content-Security-Policy as an HTTP header, for hosts that can send one
// (README "Content-Security-Policy"): the policy of the meta tag in the built index.html, whose
// script hashes change with every build, plus frame-ancestors, which only works as a header.
//   npm run csp:header                 the header value
//   npm run csp:header -- --nginx      an nginx add_header line
//   npm run csp:header -- --netlify    a Netlify _headers block
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Directives a meta tag cannot carry; a host sends them in the header. */
const HEADER_ONLY = "frame-ancestors 'none'";

/** The policy of the Content-Security-Policy meta tag of a built page. */
export function metaPolicyOf(html: string): string {
  const meta = html.match(/<meta http-equiv="content-security-policy" content="([^"]+)"/i);
  if (!meta) throw new Error('No Content-Security-Policy meta tag in this page: is kit.csp set in svelte.config.js?');
  return meta[1]
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** The header value: the meta tag's policy and the header-only directives. */
export function headerPolicyOf(html: string): string {
  return `${metaPolicyOf(html)}; ${HEADER_ONLY}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.env.BUILD_DIR ?? 'build';
  const policy = headerPolicyOf(readFileSync(join(dir, 'index.html'), 'utf8'));
  const format = process.argv[2];
  if (format === '--nginx') console.log(`add_header Content-Security-Policy "${policy}" always;`);
  else if (format === '--netlify') console.log(`/*\n  Content-Security-Policy: ${policy}`);
  else console.log(policy);
}

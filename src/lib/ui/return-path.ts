/** A `?return=` target, accepted only when it is a path inside the app (no open redirects). */
export function safeReturnPath(value: string | null, base: string, fallback: string): string {
  if (!value || !value.startsWith(base + '/') || value.startsWith('//') || value.includes('\\')) return fallback;
  return value;
}

/**
 * Marks the import write's phases on the page's performance timeline (`import: <phase>`
 * measures), so the benchmark can tell the disk check, the plan, the puts and the commit apart.
 * Costs a few entries per import; nothing reads them in the app.
 */
export function phaseTimer(): (phase: string) => void {
  let last = performance.now();
  return (phase) => {
    const now = performance.now();
    try {
      performance.measure(`import: ${phase}`, { start: last, end: now });
    } catch {
      // a timeline without User Timing Level 3: nothing to record
    }
    last = now;
  };
}

// Reordering quotes and quote sets: the position the core's move commands
// take is the index the item has once moved (among all of them).

/** Alt+↑ / Alt+↓ on the item at `index`: its new index, or null at an end. */
export function stepPosition(index: number, delta: -1 | 1, length: number): number | null {
  const to = index + delta;
  if (index < 0 || index >= length || to < 0 || to >= length) return null;
  return to;
}

/** An item dragged from `from` and dropped on the item at `onto`, before or
 *  after it: its new index, or null when it stays where it is. */
export function dropPosition(from: number, onto: number, after: boolean, length: number): number | null {
  if (from < 0 || from >= length || onto < 0 || onto >= length) return null;
  // The index among the others (the dragged one taken out) it is put at.
  let to = onto + (after ? 1 : 0);
  if (from < to) to -= 1;
  to = Math.max(0, Math.min(length - 1, to));
  return to === from ? null : to;
}

/** The list as it is after moving the item at `from` to `to` (drawn before the core answers). */
export function moved<T>(items: readonly T[], from: number, to: number): T[] {
  const out = [...items];
  const [x] = out.splice(from, 1);
  if (x === undefined) return out;
  out.splice(to, 0, x);
  return out;
}

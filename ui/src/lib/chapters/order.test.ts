import { describe, expect, it } from "vitest";
import { dropPosition, moved, stepPosition } from "./order";

describe("reorder positions", () => {
  it("moves one step with Alt+↑/↓, not past an end", () => {
    expect(stepPosition(2, -1, 5)).toBe(1);
    expect(stepPosition(2, 1, 5)).toBe(3);
    expect(stepPosition(0, -1, 5)).toBeNull();
    expect(stepPosition(4, 1, 5)).toBeNull();
  });

  it("gives a dropped item the index it has once moved", () => {
    // [a b c d e]: a dropped after c → [b c a d e]
    expect(dropPosition(0, 2, true, 5)).toBe(2);
    // a dropped before c → [b a c d e]
    expect(dropPosition(0, 2, false, 5)).toBe(1);
    // e dropped before b → [a e b c d]
    expect(dropPosition(4, 1, false, 5)).toBe(1);
    // e dropped after a → the same place
    expect(dropPosition(4, 0, true, 5)).toBe(1);
    // onto itself, or just after its predecessor: no move
    expect(dropPosition(2, 2, false, 5)).toBeNull();
    expect(dropPosition(2, 1, true, 5)).toBeNull();
    expect(dropPosition(2, 3, false, 5)).toBeNull();
  });

  it("agrees with the list drawn after the move", () => {
    const xs = ["a", "b", "c", "d", "e"];
    for (let from = 0; from < xs.length; from++) {
      for (let onto = 0; onto < xs.length; onto++) {
        for (const after of [false, true]) {
          const to = dropPosition(from, onto, after, xs.length);
          if (to === null) continue;
          const out = moved(xs, from, to);
          expect(out.indexOf(xs[from])).toBe(to);
          // The dropped item lies next to the one it was dropped on.
          const at = out.indexOf(xs[onto]);
          expect(after ? at + 1 : at - 1).toBe(to);
        }
      }
    }
  });
});

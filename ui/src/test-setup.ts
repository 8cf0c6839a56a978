// What jsdom lacks and the components use.
const g = globalThis as unknown as Record<string, unknown>;
g.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};
g.requestAnimationFrame ??= (f: (t: number) => void) => setTimeout(() => f(performance.now()), 0);
if (typeof Element !== "undefined" && !Element.prototype.scrollIntoView) {
  Element.prototype.scrollIntoView = function () {};
}

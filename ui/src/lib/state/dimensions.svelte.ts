// Editing the tag dimensions (add one with its values, rename, reorder, add
// and rename values) and a code's default tags. Each change goes through the
// backend and then everything reloads, the dimensions list with it.

import type * as T from "../api/types";
import type { Session } from "./session";

/** A new dimension's values from a text of one value a line (or comma-separated), blanks and repeats left out. */
export function parseValues(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(/[\n,;]/)) {
    const v = raw.trim();
    if (!v || seen.has(v.toLowerCase())) continue;
    seen.add(v.toLowerCase());
    out.push(v);
  }
  return out;
}

/** A code's default tags ("dimension/value" keys) as [dimension, value] pairs. */
export function defaultPairs(keys: readonly string[]): [string, string][] {
  return keys
    .map((k) => {
      const slash = k.indexOf("/");
      return slash < 0 ? null : ([k.slice(0, slash), k.slice(slash + 1)] as [string, string]);
    })
    .filter((p): p is [string, string] => p !== null);
}

/** The default tags after choosing `values` in one dimension (the others kept). */
export function withDimension(current: readonly [string, string][], dimension: string, values: readonly string[]): [string, string][] {
  return [...current.filter(([d]) => d !== dimension), ...values.map((v) => [dimension, v] as [string, string])];
}

export class Dimensions {
  constructor(private readonly s: Session) {}

  async create(request: T.NewDimensionRequest): Promise<T.DimensionView | undefined> {
    const dim = await this.s.notices.run(() => this.s.api.createDimension(request));
    await this.s.refresh();
    return dim;
  }

  rename(key: string, name: string): Promise<boolean> {
    return this.change(() => this.s.api.renameDimension(key, name));
  }

  move(key: string, position: number): Promise<boolean> {
    return this.change(() => this.s.api.moveDimension(key, position));
  }

  async addValue(dimension: string, label: string): Promise<T.DimensionView | undefined> {
    const dim = await this.s.notices.run(() => this.s.api.addTagValue(dimension, label));
    await this.s.refresh();
    return dim;
  }

  renameValue(dimension: string, value: string, label: string): Promise<boolean> {
    return this.change(() => this.s.api.renameTagValue(dimension, value, label));
  }

  moveValue(dimension: string, value: string, position: number): Promise<boolean> {
    return this.change(() => this.s.api.moveTagValue(dimension, value, position));
  }

  setDefaults(code: string, tags: [string, string][]): Promise<boolean> {
    return this.change(() => this.s.api.setCodeDefaultTags(code, tags));
  }

  private async change(f: () => Promise<unknown>): Promise<boolean> {
    const ok = await this.s.notices.done(f);
    await this.s.refresh();
    return ok;
  }
}

// What a quote card and a finder candidate say, from the core's views:
// the source line, reason chips, the coarser-attribution button, the
// attribution with its missing values marked.

import type * as T from "../api/types";
import { locale, t } from "../i18n/index.svelte";
import { clock } from "../text/segments";

/** Milliseconds as "hh:mm:ss" (a recording's time, as transcripts write it). */
export function hms(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}

/** "fokusgrupp-2023-team2 · Deltagare 3 · tur 12 · 00:12:31": the parts it has. */
export function sourceLine(q: Pick<T.SetQuoteView, "document_name" | "speaker" | "turn" | "start_ms">): string {
  const parts = [q.document_name];
  if (q.speaker) parts.push(q.speaker);
  if (q.turn !== null) parts.push(t("chapters.turn", { n: q.turn }));
  if (q.start_ms !== null) parts.push(hms(q.start_ms));
  return parts.join(" · ");
}

/** The label of a dimension's value (the key when the codebook no longer has it). */
function tagLabel(dims: readonly T.DimensionView[], dimension: string, value: string): { dim: string; value: string } {
  const d = dims.find((x) => x.key === dimension);
  const v = d?.values.find((x) => x.key === value);
  return { dim: d?.name ?? dimension, value: v?.label ?? value };
}

/** A finder reason as the chip says it. */
export function reasonText(r: T.FinderReason, dims: readonly T.DimensionView[], words?: number): string {
  switch (r.kind) {
    case "readable_length":
      return words === undefined ? t("finder.reason.readable") : t("finder.reason.readableWords", { n: words });
    case "short":
      return t("finder.reason.short");
    case "long":
      return t("finder.reason.long");
    case "new_participant":
      return t("finder.reason.newParticipant");
    case "new_document":
      return t("finder.reason.newDocument");
    case "new_tag": {
      const l = tagLabel(dims, r.dimension, r.value);
      return t("finder.reason.newTag", { dimension: l.dim, value: l.value });
    }
  }
}

/** Whether a chip speaks for the candidate (shown accented) or against it. */
export function reasonIsGood(r: T.FinderReason): boolean {
  return r.kind !== "short" && r.kind !== "long";
}

/** "Yrke sjuksköterska, Team 3 och Omgång 2023": what an attribution shows, as a list in the language. */
export function shownList(shown: readonly [string, string][]): string {
  const items = shown.map(([name, value]) => `${name} ${value}`);
  try {
    return new Intl.ListFormat(locale.current === "sv" ? "sv-SE" : "en-GB", { type: "conjunction" }).format(items);
  } catch {
    return items.join(", ");
  }
}

/** Why a quote warns, in the window's language from the warning's fields
 *  (the core's own sentence where it names nothing shown). */
export function warningText(w: T.WarningView): string {
  if (!w.shown.length) return w.reason;
  return t("chapters.warning", { n: w.participants, k: w.k, shown: shownList(w.shown) });
}

/** The one-click coarser attribution: "Använd grövre: «– sjuksköterska, 2023»". */
export function coarserLabel(c: T.CoarserView): string {
  return t("chapters.useCoarser", { attribution: c.attribution });
}

/** An attribution cut into runs, the missing values ("…") marked. */
export function attributionRuns(attribution: string): { text: string; missing: boolean }[] {
  const out: { text: string; missing: boolean }[] = [];
  for (const piece of attribution.split(/(…)/)) {
    if (!piece) continue;
    out.push({ text: piece, missing: piece === "…" });
  }
  return out;
}

/** The toast after adding a quote: "Lagt till i «Kapitel 6»". */
export function addedText(setName: string): string {
  return t("chapters.added", { name: setName });
}

/** Re-exported so cards and candidates write recording times one way. */
export { clock };

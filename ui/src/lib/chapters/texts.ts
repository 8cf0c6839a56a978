// What a quote card and a finder candidate say, from the core's views:
// reason chips, the warning's heading, the coarser-attribution button, the
// attribution with its missing values marked. (The source line and the
// warning's reason are the core's own sentences.)

import type * as T from "../api/types";
import { t } from "../i18n/index.svelte";

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

/** Why a quote warns: the core's reason (in the app's language) after the
 *  window's heading for it. */
export function warningText(w: T.WarningView): string {
  return t("chapters.warning", { reason: w.reason });
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

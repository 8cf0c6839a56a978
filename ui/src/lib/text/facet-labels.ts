// The translated labels facet grouping needs, in the current language.

import { t } from "../i18n/index.svelte";
import type { FacetLabels } from "./facets";

export function facetLabels(): FacetLabels {
  return {
    code: t("facet.code"),
    document: t("facet.document"),
    question: t("facet.question"),
    kind: t("facet.kind"),
    speaker: t("facet.speaker"),
    coder: t("facet.coder"),
    status: t("facet.status"),
    attribute: (name) => t("facet.attribute", { name }),
    kindValue: (kind) => {
      const key = `kind.${kind}`;
      return key === "kind.focus_group" || key === "kind.interview" || key === "kind.survey_answer" || key === "kind.text"
        ? t(key)
        : kind;
    },
    statusValue: (status) => {
      const key = `status.${status}`;
      return key === "status.candidate" || key === "status.reviewed" || key === "status.final" || key === "status.discarded"
        ? t(key)
        : status;
    },
  };
}

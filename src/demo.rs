//! The demo project: the NVOS codebook, two focus groups and a few survey
//! answers from `assets/demo/`, partly coded with levels and focus areas,
//! and a journal entry — so a new user opens a living project at once.
//!
//! The material is compiled into the binary, so the demo works wherever the
//! app or the command line runs.

use crate::import::{self, QuestionColumn, SurveyMapping, TranscriptOptions};
use crate::model::MemoTarget;
use crate::storage::{AttributeValue, CodeSpan};
use crate::{Clock, CoderId, Error, LocalIdentity, Project, Result, Template};
use std::path::Path;
use std::sync::Arc;

const TEAM1: &[u8] = include_bytes!("../assets/demo/fokusgrupp-demo-team1.txt");
const TEAM2: &[u8] = include_bytes!("../assets/demo/fokusgrupp-demo-team2.txt");
const SURVEY: &[u8] = include_bytes!("../assets/demo/enkat-demo.csv");

/// The demo project's name.
pub const NAME: &str = "Demoprojekt – nära vård (NVOS)";

/// A coding of the demo: in document `doc`, the text `needle`, coded with
/// the code at `code` (a path in the NVOS tree) at `level` and `focus`.
struct DemoCoding {
    doc: &'static str,
    needle: &'static str,
    code: &'static str,
    level: &'static str,
    focus: &'static [&'static str],
    coder: usize,
}

const CODINGS: &[DemoCoding] = &[
    DemoCoding {
        doc: "fokusgrupp-demo-team1",
        needle: "Vi har ett kort möte samma dag som personen skrivs ut.",
        code: "Samverkan/Samverkan vid flera aktörer",
        level: "meso",
        focus: &["samverkan"],
        coder: 0,
    },
    DemoCoding {
        doc: "fokusgrupp-demo-team1",
        needle: "då kan vi anpassa hjälpmedlen efter hur hen faktiskt lever",
        code: "Individen i centrum/Kunskap om målgruppen och individen",
        level: "mikro",
        focus: &["personcentrering"],
        coder: 0,
    },
    DemoCoding {
        doc: "fokusgrupp-demo-team1",
        needle: "ibland vet vi inte vem vi ska ringa, och då blir det väntan för brukaren",
        code: "Individen i systemet/Kontaktvägar och ”ingemanslandet”",
        level: "meso",
        focus: &["samverkan"],
        coder: 1,
    },
    DemoCoding {
        doc: "fokusgrupp-demo-team1",
        needle: "Att vi sitter nära varandra.",
        code: "Närhet",
        level: "meso",
        focus: &["samverkan"],
        coder: 0,
    },
    DemoCoding {
        doc: "fokusgrupp-demo-team1",
        needle: "När hen själv får säga vad som är viktigt blir planen bättre, och det blir mer hens plan än vår.",
        code: "Individen i centrum/Bemötande",
        level: "mikro",
        focus: &["personcentrering", "delaktighet"],
        coder: 1,
    },
    DemoCoding {
        doc: "fokusgrupp-demo-team1",
        needle: "Regelverket ändras och kommunen har sina riktlinjer",
        code: "Individen i systemet/Systemets dilemman",
        level: "makro",
        focus: &["samverkan"],
        coder: 0,
    },
    DemoCoding {
        doc: "fokusgrupp-demo-team1",
        needle: "Vi har börjat med digitala möten med sjukhuset inför hemgång. Det sparar tid, men alla har inte fått utbildning i systemen än.",
        code: "Samverkan/Samverkan vid flera aktörer",
        level: "meso",
        focus: &["digitalisering", "kompetens"],
        coder: 1,
    },
    DemoCoding {
        doc: "fokusgrupp-demo-team2",
        needle: "Vi har en gemensam rutin för samordnad individuell plan",
        code: "Samverkan/Samverkan vid flera aktörer",
        level: "makro",
        focus: &["samverkan"],
        coder: 0,
    },
    DemoCoding {
        doc: "fokusgrupp-demo-team2",
        needle: "Det svåra är när någon faller mellan stolarna, till exempel vid psykisk ohälsa.",
        code: "Individen i systemet/Kontaktvägar och ”ingemanslandet”",
        level: "meso",
        focus: &["samverkan"],
        coder: 0,
    },
    DemoCoding {
        doc: "fokusgrupp-demo-team2",
        needle: "Vi har ingen introduktion som tar upp vad regionen gör och vad kommunen gör.",
        code: "Individen i systemet/Kunskap om systemet",
        level: "meso",
        focus: &["kompetens"],
        coder: 1,
    },
    DemoCoding {
        doc: "fokusgrupp-demo-team2",
        needle: "Kompetensförsörjningen är vår största utmaning.",
        code: "Individen i systemet/Systemets dilemman",
        level: "makro",
        focus: &["kompetens"],
        coder: 0,
    },
    DemoCoding {
        doc: "fokusgrupp-demo-team2",
        needle: "Och att brukaren och anhöriga får vara med och påverka.",
        code: "Individen i centrum/Önskade insatser",
        level: "mikro",
        focus: &["delaktighet"],
        coder: 1,
    },
];

fn transcript(
    project: &mut Project,
    by: CoderId,
    file: &str,
    bytes: &[u8],
    team: &str,
) -> Result<()> {
    let options = TranscriptOptions {
        attributes: vec![
            AttributeValue::category("Team", team),
            AttributeValue::category("Omgång", "2023"),
        ],
        ..Default::default()
    };
    let prepared = import::prepare_transcript(Path::new(file), bytes, &options)?;
    project.import(by, prepared.source, prepared.documents)?;
    Ok(())
}

/// Creates the demo project at `path` (which must not exist yet), coded
/// partly by this computer's coder (`identity`, named `coder`) and partly by
/// a made-up colleague. What this computer did can be undone here.
pub fn create(
    path: &Path,
    clock: Arc<dyn Clock>,
    identity: &LocalIdentity,
    coder: &str,
) -> Result<Project> {
    let mut p = Project::create(path, NAME, clock)?;
    p.set_origin(identity.computer);
    let me = p.ensure_coder(identity.coder, coder)?;
    let colleague = p.ensure_throwaway_coder("Kim (medforskare)")?;
    crate::template::apply(&mut p, me, Template::Nvos)?;
    transcript(&mut p, me, "fokusgrupp-demo-team1.txt", TEAM1, "1")?;
    transcript(&mut p, me, "fokusgrupp-demo-team2.txt", TEAM2, "2")?;
    let mapping = SurveyMapping {
        id: "Respondent-ID".into(),
        round: Some("Omgång".into()),
        attributes: vec!["Kommun".into(), "Kommunstorlek".into()],
        questions: vec![
            QuestionColumn::parse("Samverkan – fungerar väl=samverkan"),
            QuestionColumn::parse("Samverkan – bör utvecklas=samverkan"),
            QuestionColumn::parse("Digitalisering – bör utvecklas=digitalisering"),
        ],
        sheet: None,
    };
    let survey = import::prepare_survey(Path::new("enkat-demo.csv"), SURVEY, &mapping)?;
    p.import_with_cases(
        me,
        survey.prepared.source,
        survey.prepared.documents,
        survey.prepared.cases,
    )?;

    let docs = p.documents()?;
    let coders = [me, colleague];
    for c in CODINGS {
        let doc = docs
            .iter()
            .find(|d| d.name == c.doc)
            .ok_or_else(|| Error::internal(format!("demo: no document {}", c.doc)))?;
        let text = p.document(doc.id)?.text;
        let byte = text
            .find(c.needle)
            .ok_or_else(|| Error::internal(format!("demo: {:?} not in {}", c.needle, c.doc)))?;
        let start = text[..byte].chars().count();
        let mut tags = vec![p.find_tag_value(Some("niva"), c.level)?.id];
        for f in c.focus {
            tags.push(p.find_tag_value(Some("fokusomrade"), f)?.id);
        }
        p.code_span(
            coders[c.coder],
            CodeSpan {
                document_id: doc.id,
                start,
                end: start + c.needle.chars().count(),
                code_id: p.find_code(c.code)?.id,
                tags,
            },
        )?;
    }
    // Survey answers about digital systems, coded whole.
    let systems = p.find_code("Individen i systemet/Systemets dilemman")?.id;
    let digital = p.find_tag_value(Some("fokusomrade"), "digitalisering")?.id;
    let meso = p.find_tag_value(Some("niva"), "meso")?.id;
    for d in docs.iter().filter(|d| {
        d.question.as_deref() == Some("Digitalisering – bör utvecklas") && d.char_count > 0
    }) {
        p.code_span(
            me,
            CodeSpan {
                document_id: d.id,
                start: 0,
                end: d.char_count,
                code_id: systems,
                tags: vec![digital, meso],
            },
        )?;
    }
    p.write_memo(
        me,
        MemoTarget::Journal,
        "Fas 2 – generera koder",
        "Första genomläsningen av båda fokusgrupperna är klar. Samverkan kring utskrivning \
         återkommer i båda teamen; Närhet verkar vara en förutsättning snarare än ett tema. \
         Nästa steg: koda resten av enkätsvaren och jämföra med Kim.",
    )?;
    Ok(p)
}

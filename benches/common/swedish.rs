//! Generated Swedish text with the statistics search depends on: word
//! frequencies that fall off as Zipf's law says, inflected forms of the same
//! words (brukare, brukaren, brukarna …), compounds in the long tail (so the
//! term dictionary has the size of a real one), and fixed phrases that recur
//! ("samordnad individuell plan", "nära vård"). Deterministic for a seed.

use super::Rng;

/// Function words, most frequent first: about half of all running words.
const FUNCTION: &[&str] = &[
    "och", "att", "det", "i", "som", "en", "på", "är", "vi", "för", "med", "har", "till", "de",
    "inte", "man", "om", "så", "jag", "av", "ett", "den", "men", "kan", "ju", "där", "när",
    "eller", "också", "då", "mycket", "bara", "sen", "nu", "hur", "vad", "alla", "andra", "mer",
    "ska", "kanske", "lite", "något", "någon", "här", "efter", "från", "hos", "mellan", "utan",
    "över", "under", "inom", "genom", "varandra", "själva", "vår", "våra", "ofta", "aldrig",
];

/// Content words with their inflected forms, most frequent first; the first
/// form of each is the most common one.
const CONTENT: &[&str] = &[
    "brukare brukaren brukarna brukarens brukares brukarnas",
    "kommun kommunen kommunens kommuner kommunerna kommunernas",
    "samverkan samverkans",
    "samverka samverkar samverkade samverkat",
    "vård vården vårdens",
    "team teamet teamen teamets",
    "stöd stödet stödets",
    "behov behovet behoven",
    "tid tiden tider",
    "fungera fungerar fungerade fungerat",
    "behöva behöver behövde behövs",
    "personal personalen personalens",
    "region regionen regionens",
    "möte mötet möten mötena",
    "individ individen individer individerna individens",
    "insats insatsen insatser insatserna",
    "anhörig anhöriga anhörigas",
    "omsorg omsorgen omsorgens",
    "socialtjänst socialtjänsten socialtjänstens",
    "sjuksköterska sjuksköterskan sjuksköterskor sjuksköterskorna",
    "undersköterska undersköterskan undersköterskor undersköterskorna",
    "hemtjänst hemtjänsten hemtjänstens",
    "arbetsterapeut arbetsterapeuten arbetsterapeuter",
    "fysioterapeut fysioterapeuten fysioterapeuter",
    "läkare läkaren läkarna",
    "vårdcentral vårdcentralen vårdcentraler",
    "planering planeringen",
    "kompetens kompetensen",
    "ansvar ansvaret",
    "verksamhet verksamheten verksamheter verksamheterna",
    "digital digitalt digitala",
    "viktig viktigt viktiga viktigaste",
    "svår svårt svåra svårare",
    "bra bättre bäst",
    "gemensam gemensamt gemensamma",
    "tydlig tydligt tydliga tydligare",
    "trygg tryggt trygga tryggare",
    "trygghet tryggheten",
    "delaktighet delaktigheten",
    "äldre",
    "år året åren",
    "förändring förändringen förändringar",
    "uppföljning uppföljningen uppföljningar",
    "dokumentation dokumentationen",
    "journalsystem journalsystemet journalsystemen",
    "träffa träffar träffade träffas",
    "jobba jobbar jobbade jobbat",
    "ringa ringer ringde",
    "tycka tycker tyckte",
    "känna känner kände",
    "veta vet visste",
    "få får fick fått",
    "bli blir blev blivit",
    "göra gör gjorde gjort",
    "gå går gick gått",
    "se ser såg sett",
    "prata pratar pratade",
    "planera planerar planerade",
    "dokumentera dokumenterar dokumenterade",
    "chef chefen chefer cheferna",
    "medarbetare medarbetaren medarbetarna",
    "förvaltning förvaltningen förvaltningar",
    "arbetssätt arbetssättet",
    "hembesök hembesöket",
    "ärende ärendet ärenden ärendena",
    "rutin rutinen rutiner rutinerna",
    "information informationen",
    "patient patienten patienter patienterna",
    "hemsjukvård hemsjukvården",
    "biståndshandläggare biståndshandläggaren",
    "beslut beslutet besluten",
    "resurs resursen resurser resurserna",
    "kunskap kunskapen kunskaper",
    "utbildning utbildningen utbildningar",
    "nära närhet närheten",
    "snabb snabbt snabba",
    "lång långt långa längre",
    "stor stort stora större",
    "liten litet små mindre",
    "ny nytt nya",
    "egen eget egna",
    "hel helt hela helhet helheten",
    "flexibel flexibelt flexibla flexibilitet",
    "skillnad skillnaden skillnader",
    "problem problemet problemen",
    "lösning lösningen lösningar",
    "telefon telefonen",
    "dag dagen dagar",
    "vecka veckan veckor",
    "morgon morgonen",
    "gång gången gånger",
    "hjälp hjälpen hjälpa hjälper hjälpte",
    "kontakt kontakten kontakter",
    "förtroende förtroendet",
    "samarbete samarbetet samarbeta samarbetar",
    "struktur strukturen strukturer",
    "ledning ledningen",
    "politiker politikerna",
    "budget budgeten",
    "prioritera prioriterar prioriterade",
    "mål målet målen",
    "målgrupp målgruppen målgrupper",
    "hemma hemmet",
    "boende boendet",
    "sjukhus sjukhuset",
    "utskrivning utskrivningen",
    "läkemedel läkemedlen",
    "rehabilitering rehabiliteringen",
    "vardag vardagen",
    "psykisk psykiskt psykiska",
    "ohälsa ohälsan",
    "barn barnet barnen",
    "familj familjen familjer",
    "skola skolan",
    "brukarorganisation brukarorganisationen brukarorganisationer",
    "inflytande inflytandet",
    "bemötande bemötandet",
    "respekt respekten",
    "lyssna lyssnar lyssnade",
    "förstå förstår förstod",
    "känsla känslan",
    "oro oron",
    "ensam ensamt ensamma",
    "språk språket",
    "teknik tekniken",
    "surfplatta surfplattan surfplattor",
    "videosamtal videosamtalet",
    "app appen appar",
    "e-tjänst e-tjänsten e-tjänster",
    "avvikelse avvikelsen avvikelser",
    "schema schemat",
    "vikarie vikarien vikarier",
    "rekrytering rekryteringen",
    "arbetsmiljö arbetsmiljön",
    "stress stressen",
    "kvalitet kvaliteten",
    "trött trötta",
    "glad glada",
    "öppen öppet öppna",
    "överens",
];

/// Parts of compound words, the long tail of the vocabulary.
const COMPOUND_FIRST: &[&str] = &[
    "vård",
    "omsorgs",
    "hemtjänst",
    "brukar",
    "kommun",
    "region",
    "team",
    "personal",
    "läkemedels",
    "rehab",
    "hälso",
    "social",
    "bistånds",
    "kompetens",
    "samverkans",
    "utvecklings",
    "arbets",
    "kvalitets",
    "ledar",
    "patient",
    "anhörig",
    "boende",
    "digital",
    "journal",
    "mötes",
    "plan",
    "kris",
    "natt",
    "dag",
    "trygghets",
    "närvårds",
    "äldre",
    "barn",
    "skol",
    "familje",
    "stöd",
    "uppföljnings",
    "besöks",
    "resurs",
    "ärende",
];
const COMPOUND_SECOND: &[&str] = &[
    "plan",
    "planering",
    "möte",
    "möten",
    "team",
    "personal",
    "rutin",
    "rutiner",
    "insats",
    "insatser",
    "samordnare",
    "ansvar",
    "tid",
    "stöd",
    "arbete",
    "grupp",
    "gruppen",
    "system",
    "frågor",
    "frågan",
    "beslut",
    "behov",
    "kontakt",
    "avtal",
    "process",
    "processen",
    "nivå",
    "uppdrag",
    "uppdraget",
    "träff",
    "träffar",
    "samtal",
    "lösning",
    "lösningar",
    "bedömning",
    "ledare",
    "chef",
    "område",
    "organisation",
    "utbildning",
];

/// Phrases that recur verbatim, as they do in interviews about this field.
pub const PHRASES: &[&str] = &[
    "nära vård",
    "samordnad individuell plan",
    "rätt stöd i rätt tid",
    "mobila team",
    "digitala möten",
    "fast vårdkontakt",
    "trygg hemgång",
    "god och nära vård",
    "personcentrerad vård",
    "samverkan mellan kommun och region",
    "brukarens delaktighet",
    "täta möten",
    "tillsammans med individen",
    "den ordinarie verksamheten",
];

const FILLERS: &[&str] = &["eh", "liksom", "alltså", "typ", "[skratt]", "ja"];

/// Zipf exponent of the word ranks.
const ZIPF_S: f64 = 1.05;

/// Draws words and sentences.
pub struct Swedish {
    /// Every vocabulary entry (a word and its forms), by frequency rank.
    entries: Vec<Vec<String>>,
    /// Cumulative Zipf weights of the ranks, ending at 1.
    cumulative: Vec<f64>,
}

impl Default for Swedish {
    fn default() -> Self {
        Self::new()
    }
}

impl Swedish {
    /// The vocabulary: function words, then content words, then compounds.
    pub fn new() -> Swedish {
        let mut entries: Vec<Vec<String>> = FUNCTION.iter().map(|w| vec![w.to_string()]).collect();
        entries.extend(
            CONTENT
                .iter()
                .map(|forms| forms.split(' ').map(str::to_owned).collect()),
        );
        // Compounds in a fixed scrambled order, so the tail is not sorted.
        let mut compounds = Vec::new();
        for (i, a) in COMPOUND_FIRST.iter().enumerate() {
            for (j, b) in COMPOUND_SECOND.iter().enumerate() {
                let word = format!("{a}{b}");
                // Definite forms of some, as the language has them.
                let mut forms = vec![word.clone()];
                if (i + j) % 3 == 0 && !word.ends_with('n') {
                    forms.push(format!("{word}en"));
                }
                compounds.push(((i * 7919 + j * 104_729) % 10_007, forms));
            }
        }
        compounds.sort();
        entries.extend(compounds.into_iter().map(|(_, f)| f));
        let weights: Vec<f64> = (0..entries.len())
            .map(|r| 1.0 / ((r + 1) as f64).powf(ZIPF_S))
            .collect();
        let total: f64 = weights.iter().sum();
        let mut acc = 0.0;
        let cumulative = weights
            .iter()
            .map(|w| {
                acc += w / total;
                acc
            })
            .collect();
        Swedish {
            entries,
            cumulative,
        }
    }

    /// How many distinct word forms the vocabulary has.
    pub fn forms(&self) -> usize {
        self.entries.iter().map(Vec::len).sum()
    }

    /// One word, Zipf-distributed by rank; within an entry, earlier forms
    /// are more common.
    pub fn word(&self, rng: &mut Rng) -> &str {
        let u = (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
        let rank = self
            .cumulative
            .partition_point(|c| *c < u)
            .min(self.entries.len() - 1);
        let forms = &self.entries[rank];
        // Form i with weight 1/(i+1): draw twice and keep the smaller index.
        let i = rng.below(forms.len()).min(rng.below(forms.len()));
        &forms[i]
    }

    /// One sentence of `words` words (about), appended to `out`: capital
    /// first letter, sometimes a comma, a recurring phrase, or a filler
    /// (`spoken`), ending with a full stop (or `end`).
    pub fn sentence(&self, rng: &mut Rng, out: &mut String, words: usize, spoken: bool, end: char) {
        let phrase_at = (rng.below(100) < 12).then(|| rng.below(words.max(1)));
        for i in 0..words {
            let w: &str = if Some(i) == phrase_at {
                // Phrases follow a Zipf-like popularity too.
                PHRASES[rng.below(PHRASES.len()).min(rng.below(PHRASES.len()))]
            } else if spoken && rng.below(100) < 4 {
                FILLERS[rng.below(FILLERS.len())]
            } else {
                self.word(rng)
            };
            if i == 0 {
                let mut chars = w.chars();
                if let Some(c) = chars.next() {
                    out.extend(c.to_uppercase());
                    out.push_str(chars.as_str());
                }
            } else {
                out.push(' ');
                out.push_str(w);
            }
            if i + 1 < words && rng.below(100) < 7 {
                out.push(',');
            }
        }
        out.push(end);
    }

    /// A run of sentences totalling about `words` words, space-separated.
    /// Returns the number of words written.
    pub fn sentences(&self, rng: &mut Rng, out: &mut String, words: usize, spoken: bool) -> usize {
        let mut written = 0;
        while written < words {
            if written > 0 {
                out.push(' ');
            }
            let n = (4 + rng.below(18)).min(words - written).max(3);
            let end = match rng.below(20) {
                0 => '?',
                1 if spoken => '…',
                _ => '.',
            };
            self.sentence(rng, out, n, spoken, end);
            written += n;
        }
        written
    }
}

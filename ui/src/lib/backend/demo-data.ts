// The fake backend's demo material: the NVOS codebook and the demo
// transcripts and survey of assets/ (copied, so the UI builds on its own).

export interface DemoTheme {
  name: string;
  definition: string;
  children: DemoTheme[];
}

export interface DemoData {
  focusAreas: { key: string; label: string; color: string; definition: string }[];
  levels: { key: string; label: string; definition: string }[];
  themes: DemoTheme[];
  /** Turns as [speaker, start ms, text]. */
  transcripts: { name: string; turns: [string, number, string][] }[];
  surveyCsv: string;
}

export const DEMO: DemoData = {
 "focusAreas": [
  {
   "key": "samverkan",
   "label": "Samverkan",
   "color": "#1f77b4",
   "definition": "Att verksamheter, professioner eller huvudmän gör något tillsammans genom att överskrida organisatoriska, professionella eller disciplinära gränser. Graden kan variera från autonomi till fusion."
  },
  {
   "key": "personcentrering",
   "label": "Personcentrering",
   "color": "#ff7f0e",
   "definition": "Ett synsätt och arbetssätt där individen ses som en hel person med egna behov, resurser och förutsättningar. Vården och stödet planeras och följs upp tillsammans med individen och anhöriga."
  },
  {
   "key": "delaktighet",
   "label": "Delaktighet och brukarinflytande",
   "color": "#2ca02c",
   "definition": "Hur individer involveras och ges möjlighet att påverka beslut och insatser som rör dem, på individ-, verksamhets- och systemnivå."
  },
  {
   "key": "kompetens",
   "label": "Kompetens och kunskap",
   "color": "#9467bd",
   "definition": "Vad medarbetare kan och gör i dag och vad de behöver kunna för att möta alltmer komplexa behov, inklusive kompetensförsörjning och kompetensutveckling."
  },
  {
   "key": "digitalisering",
   "label": "Digitalisering",
   "color": "#8c564b",
   "definition": "Att digital kommunikation och interaktion mellan människor, verksamheter och saker blir självklar, samt medarbetarnas digitala kompetens att använda sådana verktyg."
  }
 ],
 "levels": [
  {
   "key": "makro",
   "label": "Makronivå",
   "definition": "Systemnivå: förvaltningsnivå, politisk nivå, mellankommunal nivå eller frågor som rör enskilda kommuner."
  },
  {
   "key": "meso",
   "label": "Mesonivå",
   "definition": "Organisationsnivå: enhets- eller verksamhetsnivå inom socialtjänsten."
  },
  {
   "key": "mikro",
   "label": "Mikronivå",
   "definition": "Individnivå: arbetet i frontlinjen, mötet mellan medarbetare i socialtjänsten och enskilda individer."
  }
 ],
 "themes": [
  {
   "name": "Individen i centrum",
   "definition": "Hur individens egna behov, kunskap om individen och mötet med hen står i centrum för stödet.",
   "children": [
    {
     "name": "Kunskap om målgruppen och individen",
     "definition": "Yttranden om professionellas kunskap, eller brist på kunskap, om målgruppens svårigheter och om den unika individen.",
     "children": []
    },
    {
     "name": "Bemötande",
     "definition": "Beskrivningar av hur individer blir bemötta, till exempel respekt, att bli lyssnad på och att inte bli dömd.",
     "children": []
    },
    {
     "name": "Önskade insatser",
     "definition": "Insatser som efterfrågas eller saknas, till exempel stöd i rätt tid, samordnat och skräddarsytt.",
     "children": []
    }
   ]
  },
  {
   "name": "Individen i systemet",
   "definition": "Hur individen klarar att hitta, nå och använda ett komplext och specialiserat välfärdssystem.",
   "children": [
    {
     "name": "Kunskap om systemet",
     "definition": "Individens kunskap om vilken hjälp som finns och vad hen har rätt till.",
     "children": []
    },
    {
     "name": "Kontaktvägar och ”ingemanslandet”",
     "definition": "Svårigheter att få kontakt med rätt person eller instans, väntetider och att hamna mellan stolarna.",
     "children": []
    },
    {
     "name": "Systemets dilemman",
     "definition": "Problem som systemet självt skapar, som personalomsättning, specialisering och brister i samverkan mellan huvudmän.",
     "children": []
    }
   ]
  },
  {
   "name": "Samverkan",
   "definition": "Samverkan mellan brukarorganisationer, kommuner och andra aktörer kring målgruppen.",
   "children": [
    {
     "name": "Samverkan mellan brukarorganisationer och kommunen",
     "definition": "Former för föreningens samverkan med kommunen, till exempel brukarråd, dialogmöten och IOP-avtal.",
     "children": []
    },
    {
     "name": "Samverkan vid flera aktörer",
     "definition": "Samverkan när flera aktörer är inblandade i samma individs stöd, till exempel SIP.",
     "children": []
    },
    {
     "name": "Önskelista samverkan",
     "definition": "Önskemål om hur samverkan borde se ut framöver.",
     "children": []
    }
   ]
  },
  {
   "name": "Flexibilitet",
   "definition": "Teamets förmåga att anpassa arbetssätt, tider och insatser efter individens situation.",
   "children": []
  },
  {
   "name": "Närhet",
   "definition": "Geografisk och relationell närhet mellan professioner, och mellan team och individ, som ger korta kontaktvägar.",
   "children": []
  },
  {
   "name": "Helhetssyn",
   "definition": "Att se individens hela livssituation genom att flera professioners perspektiv vägs samman.",
   "children": []
  }
 ],
 "transcripts": [
  {
   "name": "fokusgrupp-demo-team1",
   "turns": [
    [
     "Samtalsledare",
     5000,
     "Välkomna. Kan ni berätta hur ni samarbetar i teamet kring en äldre person som just kommit hem från sjukhuset?"
    ],
    [
     "Sjuksköterska",
     21000,
     "Vi har ett kort möte samma dag som personen skrivs ut. Då går vi igenom läkemedel och vem som gör vad, och det gör att ingen behöver börja om från noll."
    ],
    [
     "Arbetsterapeut",
     48000,
     "För min del handlar det om att komma hem till personen tidigt. Jag ser hur det ser ut i badrummet och i köket, och då kan vi anpassa hjälpmedlen efter hur hen faktiskt lever."
    ],
    [
     "Undersköterska 1",
     75000,
     "Vi som är där varje dag märker snabbt när något inte fungerar. Men ibland vet vi inte vem vi ska ringa, och då blir det väntan för brukaren."
    ],
    [
     "Samtalsledare",
     99000,
     "Vad skulle göra det lättare?"
    ],
    [
     "Undersköterska 2",
     104000,
     "Att vi sitter nära varandra. Förr satt sjuksköterskorna i ett annat hus, nu kan jag knacka på dörren och fråga direkt."
    ],
    [
     "Sjuksköterska",
     125000,
     "Och att vi får träffa personen tillsammans. När hen själv får säga vad som är viktigt blir planen bättre, och det blir mer hens plan än vår."
    ],
    [
     "Biståndshandläggare",
     151000,
     "Från mitt håll är det beslutsgången som är tung. Regelverket ändras och kommunen har sina riktlinjer, så ibland hinner behoven förändras innan beslutet är klart."
    ],
    [
     "Arbetsterapeut",
     178000,
     "Vi har börjat med digitala möten med sjukhuset inför hemgång. Det sparar tid, men alla har inte fått utbildning i systemen än."
    ],
    [
     "Undersköterska 1",
     200000,
     "Ja, och surfplattorna i hemtjänsten används mest till schemat. Vi skulle behöva lära oss mer för att kunna använda dem i mötet med brukaren."
    ]
   ]
  },
  {
   "name": "fokusgrupp-demo-team2",
   "turns": [
    [
     "Samtalsledare",
     3000,
     "Hur ser samverkan ut mellan er och regionen i dag?"
    ],
    [
     "Enhetschef",
     15000,
     "Vi har en gemensam rutin för samordnad individuell plan, men den används olika mycket i olika delar av kommunen."
    ],
    [
     "Sjuksköterska",
     37000,
     "När vårdcentralen och hemsjukvården pratar med varandra går det bra. Det svåra är när någon faller mellan stolarna, till exempel vid psykisk ohälsa."
    ],
    [
     "Kurator",
     62000,
     "Många vet inte vart de ska vända sig. Vi försöker vara en väg in, men det kräver att vi själva känner till hela systemet."
    ],
    [
     "Samtalsledare",
     84000,
     "Hur får ni den kunskapen?"
    ],
    [
     "Kurator",
     89000,
     "Mest genom kollegor. Vi har ingen introduktion som tar upp vad regionen gör och vad kommunen gör."
    ],
    [
     "Enhetschef",
     110000,
     "Kompetensförsörjningen är vår största utmaning. Vi har svårt att rekrytera sjuksköterskor, och då blir kontinuiteten lidande för brukarna."
    ],
    [
     "Fysioterapeut",
     134000,
     "Jag tror på att arbeta förebyggande. Om vi träffar personen innan det har hänt något kan vi göra mycket mer med mindre insatser."
    ],
    [
     "Sjuksköterska",
     158000,
     "Och att brukaren och anhöriga får vara med och påverka. Det är ju deras vardag vi planerar."
    ]
   ]
  }
 ],
 "surveyCsv": "Respondent-ID;Omgång;Kommun;Kommunstorlek;Samverkan – fungerar väl;Samverkan – bör utvecklas;Digitalisering – bör utvecklas\nD001;2023;Åby;Liten;Korta beslutsvägar och täta kontakter med vårdcentralen.;Gemensamma rutiner vid utskrivning från sjukhus.;Fler verksamheter behöver kunna använda videomöten.\nD002;2023;Storstad;Stor;;Vi behöver träffas oftare över förvaltningsgränserna.;Journalsystemen pratar inte med varandra.\nD003;2023;Mellanby;Mellanstor;Samordnad individuell plan fungerar när alla är med.;;\"Utbildning i digitala verktyg för personal i hemtjänsten; många känner sig osäkra.\"\nD004;2023;Åby;Liten;;Tydligare ansvarsfördelning mellan kommun och region.;\n"
};

import { describe, expect, it } from "vitest";
import { readInEnglish } from "./read-in-english.ts";

describe("readInEnglish: an English prompt is read as it is", () => {
  // Words that are also other languages' ("de", "con", "la", "van", "a") inside English prompts.
  it.each([
    "Nurses in Rio de Janeiro",
    "Con artists in Las Vegas",
    "La Liga fans in Spain",
    "Van drivers in London",
    "Parents of teenagers in Ohio",
    "Seniors",
    "Retired teachers in a village in Portugal",
    "Generate 10 personas of taxi drivers in Paris",
    "Fishermen in Tromsø",
    "Café owners in Lisbon",
  ])("%s", (prompt) => {
    expect(readInEnglish(prompt)).toEqual({ text: prompt, unread: [] });
  });

  // Names of events and places in other languages inside English prompts, with English words the
  // understanding's vocabulary does not list ("spectators", "pilgrims walking"); French "thé" folds to "the".
  it.each([
    "Spectators at the Melbourne Cup",
    "Riders in the Giro d'Italia",
    "Pilgrims walking the Camino de Santiago",
    "Competitors in the Dakar Rally",
    "Cyclists in the Vuelta a España",
    "Tourists at the Fête de la Musique in Paris",
    "Volunteers at the Día de los Muertos in Oaxaca",
    "Supporters of Boca Juniors in Buenos Aires",
    "The Somali diaspora in Minneapolis",
    "Tuareg in the Aïr",
  ])("%s stays English", (prompt) => {
    expect(readInEnglish(prompt)).toEqual({ text: prompt, unread: [] });
  });
});

describe("readInEnglish: six languages read phrase by phrase", () => {
  it.each([
    ["Estudiantes de medicina en Granada", "medical students in Granada", "Spanish"],
    ["Agricultoras de cacao en Ecuador", "cocoa women farmers in Ecuador", "Spanish"],
    ["Jóvenes de 18 a 25 años en Quito", "young people aged 18 to 25 in Quito", "Spanish"],
    ["Estudantes de direito em Coimbra", "law students in Coimbra", "Portuguese"],
    ["Mulheres com mais de 60 anos em Lisboa", "women over 60 in Lisbon", "Portuguese"],
    ["Étudiantes en pharmacie à Lille", "pharmacy female students in Lille", "French"],
    ["Retraités de plus de 65 ans à Londres", "retirees over 65 in London", "French"],
    ["Studenti di medicina a Bologna", "medical students in Bologna", "Italian"],
    ["Donne tra i 30 e i 40 anni a Milano", "women aged 30 to 40 in Milan", "Italian"],
    ["Medizinstudenten in Leipzig", "medical students in Leipzig", "German"],
    ["Junge Mütter in München", "young mothers in Munich", "German"],
    ["Koffieboeren in Colombia", "coffee farmers in Colombia", "Dutch"],
    ["Jongeren uit Marokko in Antwerpen", "young people from Morocco in Antwerp", "Dutch"],
    ["Enfermeiros do turno da noite em Braga", "night-shift nurses in Braga", "Portuguese"],
    ["Arbeitslose Jugendliche in Duisburg", "unemployed teenagers in Duisburg", "German"],
  ])("%s → %s", (prompt, english, language) => {
    expect(readInEnglish(prompt)).toEqual({ text: english, readFrom: language, unread: [] });
  });

  it("says which words it did not read, as written, and leaves them out of the English", () => {
    const reading = readInEnglish("Estudiantes universitarios endeudados en Bogotá");
    expect(reading.text).toBe("university students in Bogotá");
    expect(reading.unread).toEqual([{ text: "endeudados", language: "Spanish" }]);
  });

  it("keeps the occupation data's own other-language jobs for the understanding to read (women's forms say the gender)", () => {
    expect(readInEnglish("Enfermeras en Sevilla").text).toBe("Enfermeras in Seville");
  });

  it("an unknown capitalised word is a place only after a word for 'in', never a job", () => {
    const reading = readInEnglish("Hebammen über 50 in Oberammergau");
    expect(reading.text).toBe("over 50 in Oberammergau");
    expect(reading.unread).toEqual([{ text: "Hebammen", language: "German" }]);
  });
});

describe("readInEnglish: scripts and languages not read", () => {
  it.each([
    ["서울의 간호사들", "Korean"],
    ["Учителя в Новосибирске", "a Cyrillic-script language (Russian, Ukrainian, Bulgarian, Serbian…)"],
    ["大阪のタクシー運転手", "Japanese"],
    ["Νοσηλευτές στη Θεσσαλονίκη", "Greek"],
    ["Nauczyciele w Gdańsku", "Polish"],
    ["Emekli öğretmenler", "Turkish"],
  ])("%s: unread in %s, nothing guessed", (prompt, language) => {
    const reading = readInEnglish(prompt);
    expect(reading.unread.map((unread) => unread.language)).toEqual([language]);
    expect(reading.unread.map((unread) => unread.text).join(" ")).toBe(prompt.replace(/\s+/g, " "));
    expect(reading.text).toBe("");
  });

  it("a country named in its own script or language is kept (CLDR names), the rest is unread", () => {
    expect(readInEnglish("ベトナムの農家")).toEqual({ text: "in Vietnam", unread: [{ text: "の農家", language: "Japanese" }] });
    expect(readInEnglish("Фермеры, Украина")).toEqual({ text: "in Ukraine", unread: [{ text: "Фермеры", language: "a Cyrillic-script language (Russian, Ukrainian, Bulgarian, Serbian…)" }] });
  });

  it("a prompt partly in English keeps its English and drops the other script", () => {
    expect(readInEnglish("Software developers in 北京")).toEqual({ text: "Software developers in", unread: [{ text: "北京", language: "Chinese" }] });
  });

  it.each([
    ["Vendedoras en Lima", "female vendors in Lima"],
    ["Empreendedoras em Lisboa", "female entrepreneurs in Lisbon"],
    ["Unternehmerinnen in Hamburg", "female entrepreneurs in Hamburg"],
  ])("%s: a people noun's regular feminine plural is read as the noun said of women", (prompt, english) => {
    const reading = readInEnglish(prompt);
    expect(reading.text).toBe(english);
    expect(reading.unread).toEqual([]);
  });

  it("an English plural in -esses the vocabulary lacks is English, not French ('bars' is French too)", () => {
    expect(readInEnglish("Heiresses in Monaco bars")).toEqual({ text: "Heiresses in Monaco bars", unread: [] });
  });

  it.each([
    ["Me llamo Lucía, 29, maestra en Quito, tres hijos", ["my name is Lucía", "three children"]],
    ["Ik heet Sanne, 31, getrouwd, twee kinderen", ["my name is Sanne", "married", "two children"]],
    ["Mi chiamo Marco, 44, gioco a scacchi, due figli", ["my name is Marco", "chess", "two children"]],
  ])("a sketch in the first person is read: %s", (sketch, english) => {
    const reading = readInEnglish(sketch);
    expect(reading.unread).toEqual([]);
    for (const part of english) expect(reading.text).toContain(part);
  });

  it("a German noun after 'ich bin' is a job, not a name", () => {
    expect(readInEnglish("Ich bin Altenpfleger in Köln").text).toBe("I am care workers in Cologne");
  });
});

describe("readInEnglish: English with a clause in another language keeps its English (R22-2)", () => {
  it.each([
    ["Nurses in Lyon qui ont des enfants", "Nurses in Lyon who have children"],
    ["Cooks in Porto com filhos", "Cooks in Porto with children"],
    ["Bakers in Seville que tienen hijos", "Bakers in Seville who have children"],
    ["Doctors in Hamburg die Kinder haben", "Doctors in Hamburg who have children"],
    ["Waiters in Madrid que trabajan de noche", "Waiters in Madrid who work nights"],
  ])("%s → %s", (prompt, english) => {
    expect(readInEnglish(prompt).text).toBe(english);
    expect(readInEnglish(prompt).unread).toEqual([]);
  });

  it("reads 'with children' after people in each language as the parents' trait, an adjective after the children theirs", () => {
    expect(readInEnglish("Ingenieras en Valencia con hijos pequeños").text).toBe("female engineers in Valencia with young children");
    expect(readInEnglish("Ouvriers à Lille avec des enfants").text).toBe("workers in Lille with children");
  });
});

describe("readInEnglish: a sketch's own frames in each language (the lead's request: elisions, 'I have N years', marital words, no children)", () => {
  it.each([
    ["Je m'appelle Luc, j'ai 58 ans, je suis agriculteur en Bourgogne.", "my name is Luc, aged 58, I am agriculteur in Bourgogne"],
    ["J'habite à Nantes, je suis boulanger, célibataire, sans enfants", "living in Nantes, I am boulanger, single, with no children"],
    ["Tengo 41 años, soy cocinero en Málaga, soltero, sin hijos", "aged 41, I am cocinero in Málaga, single, with no children"],
    ["Tenho 29 anos, moro em Porto, solteira", "aged 29, living in Porto, single"],
    ["Ich wohne in Köln, ledig, keine Kinder", "living in Cologne, single, with no children"],
    ["Ho 45 anni, abito a Torino, celibe, senza figli", "aged 45, living in Turin, single, with no children"],
    ["Ik woon in Gent, alleenstaand, geen kinderen", "living in Ghent, single, with no children"],
  ])("%s → %s", (sketch, english) => {
    expect(readInEnglish(sketch).text).toBe(english);
    expect(readInEnglish(sketch).unread).toEqual([]);
  });
});

/** The offline implementations of the modeller, writer and enhancer ports, and their parts. */
export { OfflineModeller } from "./modeller.ts";
export { OfflineWriter, OfflineWriterSession } from "./writer.ts";
export { OfflineEnhancer } from "./enhancer.ts";
export { parsePrompt, type ParsedPrompt, type GenderHint } from "./prompt.ts";
export { readSketch, type Sketch } from "./sketch.ts";
export { DOMAINS, pickDomain, genericPerson, lolPlayer, registeredNurse, softwareDeveloper, type Domain } from "./domains/index.ts";
export { NameGenerator, NameRegistry, gamerTag, type PersonName, type Sex } from "./names.ts";
export { COUNTRIES, countryForPlace, type Country, type LocaleKey } from "./geo.ts";

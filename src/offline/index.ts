/** The offline implementations of the modeller, writer and enhancer ports, and their parts. */
export { OfflineModeller, builtInDomainFor, type OfflineBlueprint } from "./modeller.ts";
export { OfflineWriter, OfflineWriterSession } from "./writer.ts";
export { OfflineEnhancer } from "./enhancer.ts";
export { parsePrompt, type ParsedPrompt, type GenderHint } from "./prompt.ts";
export { readSketch, type Sketch } from "./sketch.ts";
export { DOMAINS, pickDomain, genericPerson, lolPlayer, registeredNurse, softwareDeveloper, type Domain } from "./domains/index.ts";
export { NameGenerator, NameRegistry, gamerTag, type PersonName, type Sex } from "./names.ts";
export { COUNTRIES, countryForPlace, type Country, type LocaleKey } from "./geo.ts";
export { understandPrompt } from "./understand/understand.ts";
export type { PromptParts, RoleReading, PlaceReading, WhenReading, Span } from "./understand/parts.ts";
export { composeBlueprint, describeParts, type ComposedBlueprint } from "./compose/compose.ts";
export { knowledge, type Knowledge } from "./knowledge/index.ts";
export { personName, PRESENT_YEAR, type NameRequest, type PersonalName } from "./names/person-name.ts";

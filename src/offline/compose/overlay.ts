/**
 * A built-in domain (League of Legends players, US software developers, US registered nurses) has
 * richer cited distributions than the general composition; the prompt's other parts still hold in
 * every persona: a named place the domain does not model, a night shift, an emergency department,
 * a condition, a life situation. They are added as fields, and what stays unread is `unmodelled`.
 */
import { declaredCategories } from "../../engine/blueprint-check.ts";
import type { Blueprint, Field } from "../../engine/blueprint.ts";
import type { PromptParts } from "../understand/parts.ts";
import { concentrate } from "../domains/domain.ts";
import { describeParts, type ComposedBlueprint } from "./compose.ts";
import { categoricalField, fixedField } from "./fields.ts";
import { composeHeritage, isHeritage, originDescription, promptOriginWeights } from "./heritage.ts";
import { destinationCountry, destinationOrigins, migrantOf, originsFollowDestination, originWeightsByName } from "./origins.ts";
import { composePlaces, namesOfRegionsNamedApart } from "./places.ts";

const PLACE_FIELDS = new Set(["country", "region", "city", "state", "location", "server"]);
/** Hospital units only exist in hospitals: a prompt's unit fixes a domain's work setting. */
const HOSPITAL_UNITS = new Set(["emergency-department", "intensive-care"]);

export function overlayParts(blueprint: Blueprint, parts: PromptParts): ComposedBlueprint {
  const added: Field[] = [];
  const notes: string[] = [];
  const has = (name: string) => blueprint.fields.some((field) => field.name === name) || added.some((field) => field.name === name);
  let fields = blueprint.fields;
  const constraints = [...blueprint.constraints];

  // "Nurses in Ohio, 30% men": a share of one sex the prompt states is the domain's gender weights.
  const femaleShare = parts.gender?.femaleShare;
  if (femaleShare !== undefined) {
    fields = fields.map((field) => (field.name === "gender" && field.kind === "categorical" && field.parents.length === 0 ? { ...field, description: `${field.description}, in the share the prompt states`, categorical: { weights: { female: femaleShare, male: 1 - femaleShare } }, conditionals: [] } : field));
  }

  const placesUnmodelled: string[] = [];
  if (parts.places.length > 0 && !blueprint.fields.some((field) => PLACE_FIELDS.has(field.name))) {
    const places = composePlaces(parts);
    added.push(...places.fields);
    notes.push(...places.notes);
    placesUnmodelled.push(...places.unmodelled);
  } else {
    // A domain that places its people itself (developers' countries) still names them as the place's people are.
    namesOfRegionsNamedApart(parts, notes, placesUnmodelled);
    if (parts.settlement && !has("settlement") && !has("area")) added.push(fixedField("settlement", "Settlement", parts.settlement.value, "kind of place they live in, as the prompt says"));
  }
  // A part the domain already models as a category ("remote" work, a League role) fixes that field;
  // only what it does not model becomes a field of its own.
  const letters = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  const fixExisting = (value: string): boolean => {
    const key = letters(value);
    const target = fields.find((field) => field.kind === "categorical" && declaredCategories(field).some((category) => letters(category) === key));
    if (!target) return false;
    const category = declaredCategories(target).find((candidate) => letters(candidate) === key) as string;
    fields = fields.map((field) => (field !== target ? field : field.categorical ? { ...field, categorical: { weights: concentrate(field.categorical.weights, [category]) } } : { ...field, conditionals: field.conditionals.map((conditional) => (conditional.categorical ? { ...conditional, categorical: { weights: concentrate(conditional.categorical.weights, [category]) } } : conditional)) }));
    return true;
  };
  // Places drawn as cities are urban: a domain's own urban/rural split follows them.
  if (added.some((field) => field.name === "city") && !parts.settlement) fixExisting("urban");
  for (const entry of parts.activities) if (entry.role) fixExisting(entry.role);
  // "back-end developers": the domain's own kind of developer.
  const role = parts.roles[0];
  if (role && role.kind !== "general") fixExisting(role.value);
  for (const { qualifier, span } of parts.qualifiers) {
    // "senior" developers have years behind them: the domain's years field is bounded by the qualifier.
    const yearsField = fields.find((field) => field.kind === "numeric" && /^years_/.test(field.name));
    if (yearsField && qualifier.years_min !== undefined) constraints.push({ name: `${qualifier.id}_years`, lhs: yearsField.name, op: ">=", rhs: String(qualifier.years_min) });
    if (yearsField && qualifier.years_max !== undefined) constraints.push({ name: `${qualifier.id}_years`, lhs: yearsField.name, op: "<=", rhs: String(qualifier.years_max) });
    if (fixExisting(qualifier.value)) continue;
    if (HOSPITAL_UNITS.has(qualifier.id)) {
      // Other settings stay declared at zero weight: fields conditioned on them remain valid.
      fields = fields.map((field) => (field.name === "setting" && field.categorical?.weights.hospital !== undefined ? { ...field, categorical: { weights: concentrate(field.categorical.weights, ["hospital"]) }, description: `${field.description ?? "work setting"} (a hospital: the prompt names a hospital unit)` } : field));
    }
    if (!has(qualifier.field)) added.push(fixedField(qualifier.field, qualifier.field.replace(/_/g, " ").replace(/^./, (letter) => letter.toUpperCase()), qualifier.value, `from the prompt ("${span.text}")`));
  }
  for (const { situation, span } of parts.situations) {
    if (situation.field !== "occupation" && !has(situation.field)) added.push(fixedField(situation.field, situation.field.replace(/_/g, " ").replace(/^./, (letter) => letter.toUpperCase()), situation.value, `from the prompt ("${span.text}")`));
  }
  for (const { condition } of parts.conditions) if (!has("condition")) added.push(fixedField("condition", "Condition", condition.name, `${condition.kind}, from the prompt`));
  // An activity the domain is not about ("nurses who play Valorant") holds in every persona too.
  const about = `${blueprint.label ?? ""} ${blueprint.domain}`.toLowerCase();
  const activities = [...new Set(parts.activities.map((entry) => entry.activity.name))].filter((name) => !about.includes(name.toLowerCase()));
  const [firstActivity, ...otherActivities] = activities;
  if (firstActivity && !has("activity")) added.push(fixedField("activity", "Activity", firstActivity, "what the prompt says they do"));
  if (otherActivities.length > 0 && !has("also_into")) added.push(fixedField("also_into", "Also into", otherActivities.join(", "), "other activities the prompt names"));
  if (parts.workplace && !has("workplace")) added.push(fixedField("workplace", "Workplace", parts.workplace.value, `from the prompt ("${parts.workplace.span.text}")`));
  // The origins and the language the prompt names ("Filipino nurses", "developers who speak Russian"),
  // and where migrants come from ("foreign nurses", "immigrant developers"): no domain has a slot for
  // them, so they are added as the composition adds them.
  const migrant = migrantOf(parts);
  const destination = destinationCountry(parts);
  if (!has("origin_country") && parts.origins.length > 0) {
    const heritage = isHeritage(parts, migrant !== undefined);
    added.push(categoricalField("origin_country", "Country of origin", heritage ? originDescription(parts) : "where they come from, from the prompt", promptOriginWeights(parts)));
  } else if (!has("origin_country") && migrant) {
    const byDestination = originsFollowDestination(migrant) && destination ? destinationOrigins(destination, undefined, migrant.situation.origins_by_destination) : undefined;
    added.push(categoricalField("origin_country", "Country of origin", byDestination ? `where they come from: ${byDestination.basis}` : "where they come from (largest origins in the situation data)", originWeightsByName(migrant.origins ?? byDestination?.codes ?? migrant.situation.origin ?? {}, destination)));
  }
  const heritage = composeHeritage(parts, isHeritage(parts, migrant !== undefined), destination);
  for (const field of heritage.fields) if (!has(field.name)) added.push(field);
  notes.push(...heritage.notes);
  const heritageUnmodelled = heritage.unmodelled;

  // What the places could not honour (a region's own names, a coast with no coastal city) is said here too.
  const unmodelled = [...parts.unmodelled, ...placesUnmodelled, ...heritageUnmodelled];
  const read = `Read from the prompt: ${describeParts(parts)}.`;
  const tail = unmodelled.length > 0 ? ` Not modelled (listed in \`unmodelled\`): ${unmodelled.map((word) => `"${word}"`).join(", ")}.` : "";
  const addedNote = added.length > 0 ? ` Added to the built-in model from the prompt: ${added.map((field) => field.name).join(", ")}.` : "";
  return {
    ...blueprint,
    fields: [...added, ...fields],
    constraints,
    order: [...added.map((field) => field.name), ...blueprint.order],
    rationale: `${read} ${blueprint.rationale ?? ""}${notes.length ? ` ${notes.join(" ")}` : ""}${addedNote}${tail}`.trim(),
    unmodelled,
  };
}

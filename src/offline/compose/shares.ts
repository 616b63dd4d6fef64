/**
 * A trait only a share of them has ("Teachers in Tokyo, half of them over 50", "Workers in Detroit,
 * one in four unemployed", "Residents of Miami, many of them retired"): that share of the personas
 * has it, the rest are drawn as if it were not said. The design is reshaped, not given a field for
 * the share: the age bands are reweighted (a band the bound cuts is split in two), the situation's
 * value takes its share of the field that holds it (only in the age bands that can hold it), a
 * condition or an origin gets a field of its own with the share. Runs once per design.
 */
import type { Field } from "../../engine/blueprint.ts";
import { knowledge, type Situation } from "../knowledge/index.ts";
import type { PromptParts } from "../understand/parts.ts";
import { categoricalField, type Weights } from "./fields.ts";

type Share = NonNullable<PromptParts["shares"]>[number];

/** The declaration the reading made for a share it could not compose itself (understand/shares.ts). */
export function shareDeclaration(share: Share): string {
  return `${share.span.text} (a share of them, not everyone)`;
}

interface Band {
  name: string;
  lo: number;
  hi: number;
}

/** "45-54" → 45..54, "85+" → 85..100, "under 5" → 0..4; undefined for any other name. */
function bandOf(name: string): Band | undefined {
  const range = /^(\d+)-(\d+)$/.exec(name);
  if (range) return { name, lo: Number(range[1]), hi: Number(range[2]) };
  const open = /^(\d+)\+$/.exec(name);
  if (open) return { name, lo: Number(open[1]), hi: 100 };
  // A band of one year ("85": the job's oldest age).
  return /^\d+$/.test(name) ? { name, lo: Number(name), hi: Number(name) } : undefined;
}

/** How much of a band lies inside [min, max], 0..1 (years counted whole). */
function overlap(band: Band, min: number, max: number): number {
  const inside = Math.min(band.hi, max) - Math.max(band.lo, min) + 1;
  return Math.max(0, inside) / (band.hi - band.lo + 1);
}

/** Splits the band that holds `at` as its inner edge into lo..at-1 and at..hi, copying every field's conditional on it. */
function splitBandAt(fields: Field[], bandField: Field, at: number): void {
  const weights = bandField.categorical?.weights;
  if (!weights) return;
  const band = Object.keys(weights).map(bandOf).find((entry) => entry !== undefined && entry.lo < at && at <= entry.hi);
  if (!band) return;
  const low: Band = { name: `${band.lo}-${at - 1}`, lo: band.lo, hi: at - 1 };
  const high: Band = { name: band.hi === 100 && !/-/.test(band.name) ? `${at}+` : `${at}-${band.hi}`, lo: at, hi: band.hi };
  const entries = Object.entries(weights).flatMap(([name, value]) => (name === band.name ? [[low.name, value * overlap(band, low.lo, low.hi)], [high.name, value * overlap(band, high.lo, high.hi)]] as Array<[string, number]> : [[name, value] as [string, number]]));
  bandField.categorical = { weights: Object.fromEntries(entries) };
  if (bandField.ordered_values) bandField.ordered_values = bandField.ordered_values.flatMap((name) => (name === band.name ? [low.name, high.name] : [name]));
  for (const field of fields) {
    const index = field.conditionals.findIndex((conditional) => conditional.when[bandField.name] === band.name);
    if (index < 0) continue;
    const conditional = field.conditionals[index] as Field["conditionals"][number];
    const copies = [low, high].map((part) => {
      const numeric = conditional.numeric && field.name === "age" ? { ...conditional.numeric, min: Math.max(conditional.numeric.min, part.lo), max: Math.min(conditional.numeric.max, part.hi), mean: Math.min(Math.max(conditional.numeric.mean, part.lo), part.hi) } : conditional.numeric;
      return { ...conditional, when: { ...conditional.when, [bandField.name]: part.name }, ...(numeric ? { numeric } : {}) };
    });
    field.conditionals.splice(index, 1, ...copies);
  }
}

/** Reweights the age bands so that `share` of the people fall in [min, max]; false when the design has no bands to reweight. */
function shareOfAges(fields: Field[], share: number, min: number, max: number): boolean {
  const bandField = fields.find((field) => field.name === "age_band" && field.categorical && field.parents.length === 0);
  if (!bandField) return false;
  splitBandAt(fields, bandField, min);
  splitBandAt(fields, bandField, max + 1);
  const weights = bandField.categorical?.weights ?? {};
  const bands = Object.keys(weights).map(bandOf);
  if (bands.some((band) => band === undefined)) return false;
  const inside = (band: Band) => band.lo >= min && band.hi <= max;
  const mass = (holds: boolean) => bands.reduce((sum, band) => sum + (band && inside(band) === holds ? (weights[band.name] ?? 0) : 0), 0);
  const [massIn, massOut] = [mass(true), mass(false)];
  // Nobody of the population is of those ages (the job's ages exclude them): the share cannot be drawn.
  if (massIn <= 0) return false;
  bandField.categorical = { weights: Object.fromEntries(bands.map((band) => [band?.name ?? "", ((band && inside(band) ? share / massIn : massOut > 0 ? (1 - share) / massOut : 0) * (weights[band?.name ?? ""] ?? 0))])) };
  return true;
}

/** The occupation a situation makes of everyday people, when the design's everyday jobs hold it. */
const SITUATION_JOBS: Record<string, string> = { retired: "retiree", unemployed: "job seeker" };

/**
 * Gives `value` the share `share` of an occupation field by age band: only bands whose ages the
 * situation allows hold it, and if those hold too few people the bands are reweighted first.
 */
function shareOfJob(fields: Field[], value: string, situation: Situation, share: number): boolean {
  const occupation = fields.find((field) => field.name === "occupation");
  const bandField = fields.find((field) => field.name === "age_band" && field.categorical);
  if (!occupation || !bandField || occupation.parents.join() !== "age_band") return false;
  const weights = bandField.categorical?.weights ?? {};
  const min = situation.min_age ?? 0;
  const max = situation.max_age ?? 120;
  const eligible = (name: string) => {
    const band = bandOf(name);
    return band !== undefined && overlap(band, min, max) > 0.5;
  };
  const total = Object.values(weights).reduce((sum, weight) => sum + weight, 0);
  const eligibleMass = Object.entries(weights).reduce((sum, [name, weight]) => sum + (eligible(name) ? weight : 0), 0) / (total || 1);
  if (eligibleMass <= 0) return false;
  // At most nine in ten of an age band hold it: beyond that the bands that can hold it are made more common.
  const most = 0.9;
  const needed = share / most;
  if (eligibleMass < needed) {
    const scale = needed / eligibleMass;
    const rest = (1 - needed) / Math.max(1e-9, 1 - eligibleMass);
    bandField.categorical = { weights: Object.fromEntries(Object.entries(weights).map(([name, weight]) => [name, (weight / (total || 1)) * (eligible(name) ? scale : rest)])) };
  }
  const within = Math.min(most, share / Math.max(eligibleMass, needed));
  for (const conditional of occupation.conditionals) {
    const band = String(conditional.when.age_band ?? "");
    const jobs = conditional.categorical?.weights;
    if (!jobs) continue;
    const others = Object.entries(jobs).filter(([name]) => name !== value);
    const othersMass = others.reduce((sum, [, weight]) => sum + weight, 0);
    // A band where everyone already holds it (the oldest, all retired) is left as it is.
    if (othersMass <= 0) continue;
    const target = eligible(band) ? within : 0;
    const reshaped: Weights = Object.fromEntries(others.map(([name, weight]) => [name, othersMass > 0 ? (weight / othersMass) * (1 - target) : 0]));
    if (target > 0) reshaped[value] = target;
    conditional.categorical = { weights: reshaped };
  }
  return true;
}

/** A categorical field that holds `value` for `share` of them, or a new one with the rest "not <value>". */
function shareOfValue(fields: Field[], name: string, label: string, value: string, share: number, description: string, rest = `not ${value}`): void {
  const field = fields.find((entry) => entry.name === name);
  const weights = field?.categorical?.weights;
  if (field && weights && field.conditionals.length === 0) {
    const others = Object.entries(weights).filter(([key]) => key !== value);
    const othersMass = others.reduce((sum, [, weight]) => sum + weight, 0);
    field.categorical = { weights: { ...Object.fromEntries(others.map(([key, weight]) => [key, othersMass > 0 ? (weight / othersMass) * (1 - share) : 0])), [value]: share } };
    if (othersMass <= 0) field.categorical.weights[rest] = 1 - share;
    return;
  }
  const at = fields.findIndex((entry) => entry.kind === "text");
  fields.splice(at < 0 ? fields.length : at, 0, categoricalField(name, label, description, { [value]: share, [rest]: 1 - share }));
}

/**
 * Composes each share the reading found into the design's fields; returns the declarations that are
 * now modelled and a note per share. `host`: the country they live in, for shares of origin.
 */
export function composeShares(fields: Field[], parts: PromptParts, host: string | undefined): { modelled: string[]; notes: string[] } {
  const modelled: string[] = [];
  const notes: string[] = [];
  for (const share of parts.shares ?? []) {
    const percent = `${Math.round(share.share * 100)}%`;
    let done = false;
    let whole = true;
    if (share.age) {
      const ok = shareOfAges(fields, share.share, share.age.min, share.age.max);
      if (ok) notes.push(`"${share.span.text}": about ${percent} are aged ${share.age.min}${share.age.max >= 100 ? "+" : `-${share.age.max}`}, the rest of the usual ages (the age bands reweighted).`);
      done ||= ok;
      whole &&= ok;
    }
    for (const { situation } of [...share.situations, ...share.qualifiers.map((entry) => ({ situation: entry.qualifier }))]) {
      const job = SITUATION_JOBS[situation.id];
      if (job && shareOfJob(fields, job, situation, share.share)) {
        notes.push(`"${share.span.text}": about ${percent} are ${situation.value} (${job}s among the ages it fits), the rest the usual mix.`);
        done = true;
        continue;
      }
      if (!situation.field || !situation.value) {
        whole = false;
        continue;
      }
      shareOfValue(fields, situation.field, situation.field.replace(/_/g, " ").replace(/^./, (letter) => letter.toUpperCase()), situation.value, share.share, `${situation.value} for about ${percent} of them, from the prompt ("${share.span.text}")`);
      notes.push(`"${share.span.text}": about ${percent} are ${situation.value}.`);
      done = true;
    }
    for (const { condition } of share.conditions) {
      shareOfValue(fields, "condition", "Condition", condition.name, share.share, `${condition.name} for about ${percent} of them, from the prompt ("${share.span.text}")`, "none");
      notes.push(`"${share.span.text}": about ${percent} live with ${condition.name}.`);
      done = true;
    }
    // "half of them from Poland" (equal shares of the countries named); "40% of them international" (where international students, or immigrants, come from).
    const named: Weights = Object.fromEntries(share.origins.filter((origin) => origin.country.name !== host).map((origin, _, all) => [origin.country.name, 1 / all.length]));
    const abroad = Object.keys(named).length > 0 ? named : share.international ? internationalOrigins(parts, host) : {};
    if (Object.keys(abroad).length > 0 && host && !fields.some((field) => field.name === "origin_country")) {
      const total = Object.values(abroad).reduce((sum, weight) => sum + weight, 0);
      const weights: Weights = { ...Object.fromEntries(Object.entries(abroad).map(([name, weight]) => [name, (weight / total) * share.share])), [host]: 1 - share.share };
      const from = Object.keys(named).length > 0 ? Object.keys(named).join(", ") : "abroad (where international students or immigrants come from, situations data)";
      fields.splice(Math.max(0, fields.findIndex((field) => field.kind === "text")), 0, categoricalField("origin_country", "Country of origin", `where they come from: about ${percent} from ${from} ("${share.span.text}"), the rest from ${host}`, weights));
      notes.push(`"${share.span.text}": about ${percent} come from ${from}; all live where the prompt puts them.`);
      done = true;
    } else if (share.origins.length > 0 || share.international) whole = false;
    if (done && whole) modelled.push(shareDeclaration(share));
  }
  return { modelled, notes };
}

/** Where the international ones come from: international students' origins for students, else the world's largest origins of people from abroad. */
function internationalOrigins(parts: PromptParts, host: string | undefined): Weights {
  const data = knowledge();
  const students = parts.roles.some((role) => role.kind === "situation" && /student/.test(role.value));
  const entry = students ? data.situations.find((situation) => situation.id === "international-student") : data.qualifiers.find((qualifier) => qualifier.id === "from-abroad");
  return Object.fromEntries(Object.entries(entry?.origin ?? {}).flatMap(([code, weight]) => {
    const name = data.gazetteer.byCode.get(code)?.name;
    return name && name !== host ? [[name, weight]] : [];
  }));
}

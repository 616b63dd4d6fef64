/**
 * A stated income ("Nurses earning less than $40,000 a year in Texas", "Families living on under $2 a
 * day", "Lawyers making six figures"): it bounds every wage or income field the design draws in US
 * dollars a year (a built-in domain's `annual_wage_usd` as much as a composed one), so no field says
 * the opposite of the prompt; where the job's own wages lie outside the bound the stated income wins
 * and a warning says so. An income band the text can key on is set as `income_level`.
 */
import type { Field, NumericSpec } from "../../engine/blueprint.ts";
import type { PromptParts } from "../understand/parts.ts";
import { fixedField } from "./fields.ts";

type Income = NonNullable<PromptParts["income"]>;

/** Fields of money a year in US dollars: a wage, salary or income measured so. */
const YEARLY_USD = /(?:wage|salary|income|earnings|pay)(?:_[a-z]+)*_usd$|^(?:annual|yearly)_(?:wage|salary|income|pay)/;

/** About $4 a day and under: the World Bank's extreme-poverty line ($2.15 a day, 2017 PPP) and the lower-middle-income line ($3.65) — "extreme poverty" for the text. */
const EXTREME_POVERTY_USD_A_YEAR = 1500;

/** The share of a work's wage range a band with no amount keeps ("on minimum wage": the lowest fifth). */
const BAND_FIFTH = 0.2;

/** The spec clamped to [least, most]; when the two do not meet, the stated bound wins (a band just inside it). */
function bounded(spec: NumericSpec, least: number | undefined, most: number | undefined): { spec: NumericSpec; outside: boolean } {
  let min = least === undefined ? spec.min : Math.max(spec.min, least);
  let max = most === undefined ? spec.max : Math.min(spec.max, most);
  const outside = min > max;
  if (outside) {
    // The job's wages lie wholly beyond what the prompt states: draw just inside the stated bound.
    if (most !== undefined) {
      max = most;
      min = least ?? Math.round(most * 0.7);
    } else if (least !== undefined) {
      min = least;
      max = Math.round(least * 1.5);
    }
  }
  const mean = Math.min(Math.max(spec.mean, min), max);
  return { spec: { ...spec, min, max, mean, sd: Math.min(spec.sd, Math.max(1, (max - min) / 2)) }, outside };
}

/**
 * Bounds the design's yearly US-dollar wage and income fields by the stated income and adds the
 * income band; returns the notes, the warnings, and whether a wage field was bounded.
 */
export function boundIncome(fields: Field[], income: Income | undefined): { notes: string[]; warnings: string[]; bounded: boolean } {
  const notes: string[] = [];
  const warnings: string[] = [];
  if (!income) return { notes, warnings, bounded: false };
  // Strict bounds as written ("less than $40,000" draws at most 39,999); whole dollars.
  const least = income.usdPerYear.min === undefined ? undefined : Math.ceil(income.usdPerYear.min);
  const most = income.usdPerYear.max === undefined ? undefined : Math.floor(income.usdPerYear.max) - 1;
  // "On minimum wage", "high-earning": a band with no amount keeps the job's own lowest or highest fifth of wages (an assumption, said).
  const banded = least === undefined && most === undefined ? (income.band === "high income" ? "high" : income.band === "low income" || income.level === "minimum wage" ? "low" : undefined) : undefined;
  const boundsOf = (spec: NumericSpec): [number | undefined, number | undefined] => {
    if (banded === "low") return [undefined, Math.round(spec.min + (spec.max - spec.min) * BAND_FIFTH)];
    if (banded === "high") return [Math.round(spec.max - (spec.max - spec.min) * BAND_FIFTH), undefined];
    return [least, most];
  };
  let any = false;
  for (const field of fields) {
    if (field.kind !== "numeric" || !YEARLY_USD.test(field.name)) continue;
    if (least === undefined && most === undefined && !banded) continue;
    let outside = false;
    for (const holder of [field, ...field.conditionals]) {
      if (!holder.numeric) continue;
      const result = bounded(holder.numeric, ...boundsOf(holder.numeric));
      holder.numeric = result.spec;
      outside ||= result.outside;
    }
    any = true;
    if (banded) {
      notes.push(`"${income.span.text}" (${income.text}): ${field.name} is drawn from the ${banded === "low" ? "lowest" : "highest"} fifth of the work's own range (an assumption; the amount is not stated).`);
      continue;
    }
    notes.push(`"${income.span.text}" bounds ${field.name} (${least !== undefined ? `from $${least.toLocaleString("en-US")}` : ""}${least !== undefined && most !== undefined ? " " : ""}${most !== undefined ? `to $${most.toLocaleString("en-US")}` : ""} a year in US dollars, converted from ${income.text}).`);
    if (outside) warnings.push(`${field.name}: the stated income ("${income.span.text}") lies outside the data's range for this work; it is kept as asked.`);
  }
  // The text keys its ways of life on the income band (the reading's `income` field holds low and high income); the poorest have a band of their own.
  const level = income.usdPerYear.max !== undefined && income.usdPerYear.max <= EXTREME_POVERTY_USD_A_YEAR ? "extreme poverty" : undefined;
  if (level && !fields.some((field) => field.name === "income_level")) {
    const at = fields.findIndex((field) => field.kind === "text");
    fields.splice(at < 0 ? fields.length : at, 0, fixedField("income_level", "Income level", level, `from the prompt ("${income.span.text}"): ${"at or below about $4 a day, the World Bank's poverty lines ($2.15 and $3.65 a day, 2017 PPP)"}`));
  }
  return { notes, warnings, bounded: any };
}

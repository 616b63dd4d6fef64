import { describe, expect, it } from "vitest";
import { tokenise } from "../knowledge/words.ts";
import { CURRENCIES_FILE, readIncome, readIncomeAmount } from "./amounts.ts";
import type { PromptParts } from "./parts.ts";

describe("currencies data", () => {
  it("parses, and parsing drops nothing; no symbol or word names two currencies", () => {
    const [schema, file] = CURRENCIES_FILE;
    expect(schema.parse(file)).toEqual(file);
    const names = file.currencies.flatMap((currency) => [...currency.symbols, ...currency.words].map((name) => name.toLowerCase()));
    expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
  });
});

describe("readIncomeAmount", () => {
  it.each([
    ["Bus drivers earning under $35,000 a year in Ohio", "USD", "year", undefined, 35000, undefined],
    ["Widows living on less than $1.90 a day in Niger", "USD", "day", undefined, 1.9, "low income"],
    ["Retirees surviving on under €700 a month in Lisbon", "EUR", "month", undefined, 700, "low income"],
    ["Apprentices on £250 a week in Manchester", "GBP", "week", 225, 275, "low income"],
    ["Lawyers earning more than £150,000 in London", "GBP", "year", 150000, undefined, "high income"],
    ["Founders making seven figures", "USD", "year", 1000000, undefined, "high income"],
    ["Garment workers on 12,000 taka a month in Dhaka", "BDT", "month", 10800, 13200, "low income"],
    ["Designers earning $60k-$90k a year", "USD", "year", 60000, 90000, undefined],
    ["Plumbers making about 60 grand a year", "USD", "year", 54000, 66000, undefined],
    ["Clerks with a monthly income of 3,000 zloty", "PLN", "month", 2700, 3300, "low income"],
  ])("%s: %s a %s, %s-%s", (prompt, currency, period, min, max, band) => {
    const reading = readIncomeAmount(prompt);
    expect(reading && { currency: reading.currency, period: reading.period, min: reading.min, max: reading.max, band: reading.band }).toEqual({ currency, period, min, max, band });
  });

  it("converts to US dollars a year (a day is 365 of them)", () => {
    expect(readIncomeAmount("Families living on under $3 a day")?.usdPerYear).toEqual({ max: 1095 });
  });

  it.each(["Doctors making 3 real friends", "Families with two children", "Nurses on 12-hour shifts", "Students in 2 cities", "Teachers earning respect"])("%s: no income", (prompt) => {
    expect(readIncomeAmount(prompt)).toBeUndefined();
  });
});

describe("readIncome", () => {
  function read(prompt: string) {
    const tokens = tokenise(prompt);
    const claimed = tokens.map(() => false);
    const parts = { qualifiers: [], unmodelled: [] } as unknown as PromptParts;
    const reading = readIncome(parts, prompt, tokens, claimed);
    return { reading, parts, claimed: tokens.filter((_, index) => claimed[index]).map((token) => token.raw) };
  }
  it("claims the words and gives the income qualifier its band, the amount declared", () => {
    const { parts, claimed } = read("Pensioners living on under €400 a month in Porto");
    expect(claimed).toEqual(["living", "on", "under", "400", "a", "month"]);
    expect(parts.qualifiers.map((entry) => [entry.qualifier.field, entry.qualifier.value])).toEqual([["income", "low income"]]);
    expect(parts.unmodelled.join(" ")).toMatch(/€400 a month/);
  });
  it.each([
    ["Households below the poverty line in Alabama", "low income"],
    ["Children living in extreme poverty in Chad", "low income"],
    ["Poorly paid care workers in Leeds", "low income"],
    ["The working poor of Baltimore", "low income"],
    ["Highly paid surgeons in Zurich", "high income"],
    ["Billionaires in Singapore", "high income"],
  ])("%s: %s, with no amount", (prompt, band) => {
    expect(read(prompt).parts.qualifiers.map((entry) => entry.qualifier.value)).toEqual([band]);
  });
  it("minimum-wage workers are of low income; high rollers and big spenders of high income", () => {
    expect(read("Minimum-wage workers in Leeds").parts.qualifiers.map((entry) => entry.qualifier.value)).toEqual(["low income"]);
    expect(read("Whales in Macau casinos").parts.qualifiers.map((entry) => entry.qualifier.value)).toEqual(["high income"]);
    expect(read("Big spenders at Harrods").claimed).toEqual([]);
  });
});

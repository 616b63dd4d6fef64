/**
 * League of Legends players. Rank shares are the published solo-queue ladder distribution; the rest
 * is flagged in `rationale` as approximation or assumption where no published figure exists.
 */
import type { Blueprint, Field } from "../../engine/blueprint.ts";
import type { ParsedPrompt } from "../prompt.ts";
import { concentrate, fitAge, keywordScore, type Domain, type Weights } from "./domain.ts";

export const LOL_RANKS = ["Iron", "Bronze", "Silver", "Gold", "Platinum", "Emerald", "Diamond", "Master", "Grandmaster", "Challenger"] as const;
export const LOL_ROLES = ["top", "jungle", "mid", "adc", "support"] as const;

/** Tier shares (%) summed from League of Graphs' per-division solo-queue figures, 2024 season. */
const RANK_WEIGHTS: Weights = {
  Iron: 0.233, Bronze: 0.208, Silver: 0.198, Gold: 0.158, Platinum: 0.101,
  Emerald: 0.0654, Diamond: 0.0221, Master: 0.0036, Grandmaster: 0.00062, Challenger: 0.00019,
};

/** Approximate relative ranked-ladder sizes; Riot publishes no per-server player counts. */
const REGION_WEIGHTS: Weights = {
  EUW: 0.2, KR: 0.17, VN: 0.1, NA: 0.1, EUNE: 0.1, BR: 0.09, TR: 0.05, LAN: 0.05, LAS: 0.05,
  OCE: 0.02, RU: 0.02, TW: 0.02, SEA: 0.02, JP: 0.01,
};

/** Mean weekly hours rise with rank (assumption: climbing takes volume). */
const HOURS_BY_RANK: Record<string, { min: number; max: number; mean: number; sd: number }> = {
  Iron: { min: 1, max: 30, mean: 5, sd: 4 },
  Bronze: { min: 1, max: 30, mean: 6, sd: 4 },
  Silver: { min: 1, max: 35, mean: 8, sd: 5 },
  Gold: { min: 1, max: 40, mean: 10, sd: 6 },
  Platinum: { min: 2, max: 45, mean: 12, sd: 6 },
  Emerald: { min: 3, max: 50, mean: 15, sd: 7 },
  Diamond: { min: 5, max: 60, mean: 20, sd: 8 },
  Master: { min: 10, max: 70, mean: 28, sd: 9 },
  Grandmaster: { min: 15, max: 80, mean: 36, sd: 10 },
  Challenger: { min: 20, max: 80, mean: 45, sd: 10 },
};

export const CHAMPIONS_BY_ROLE: Record<string, readonly string[]> = {
  top: ["Darius", "Garen", "Aatrox", "Sett", "Fiora", "Camille", "Malphite", "Ornn", "Jax", "Mordekaiser"],
  jungle: ["Lee Sin", "Kha'Zix", "Graves", "Viego", "Vi", "Elise", "Nidalee", "Kindred", "Hecarim", "Amumu"],
  mid: ["Ahri", "Yasuo", "Zed", "Syndra", "Orianna", "Sylas", "Akali", "Lux", "Viktor", "Katarina"],
  adc: ["Jinx", "Kai'Sa", "Ezreal", "Caitlyn", "Jhin", "Vayne", "Ashe", "Miss Fortune", "Lucian", "Xayah"],
  support: ["Thresh", "Lulu", "Nami", "Leona", "Nautilus", "Blitzcrank", "Janna", "Soraka", "Karma", "Rakan"],
};

/** Which server a named country queues on. */
const SERVER_OF_COUNTRY: Record<string, string> = {
  US: "NA", CA: "NA", GB: "EUW", IE: "EUW", FR: "EUW", DE: "EUW", ES: "EUW", IT: "EUW", PT: "EUW", NL: "EUW",
  PL: "EUNE", RO: "EUNE", CZ: "EUNE", HU: "EUNE", GR: "EUNE", SE: "EUNE", NO: "EUNE", DK: "EUNE", FI: "EUNE",
  KR: "KR", BR: "BR", MX: "LAN", CO: "LAN", PE: "LAS", AR: "LAS", CL: "LAS", AU: "OCE", JP: "JP", TR: "TR",
  RU: "RU", UA: "RU", VN: "VN", TW: "TW", PH: "SEA", SG: "SEA", TH: "SEA", ID: "SEA",
  AT: "EUW", BE: "EUW", CH: "EUW", LU: "EUW", EE: "EUNE", LV: "EUNE", LT: "EUNE", SK: "EUNE", SI: "EUNE", HR: "EUNE",
  BG: "EUNE", RS: "EUNE", BA: "EUNE", IS: "EUNE", NZ: "OCE", MY: "SEA",
};
const SERVERS_OF_AREA: Record<string, readonly string[]> = {
  europe: ["EUW", "EUNE"], "western europe": ["EUW"], "eastern europe": ["EUNE", "RU"], scandinavia: ["EUNE"], nordic: ["EUNE"],
  asia: ["KR", "VN", "JP", "TW", "SEA"], "east asia": ["KR", "JP", "TW"], "southeast asia": ["VN", "SEA"],
  "latin america": ["LAN", "LAS", "BR"], "south america": ["LAS", "BR"], "north america": ["NA", "LAN"], oceania: ["OCE"],
};

const PATTERNS: ReadonlyArray<readonly [RegExp, number]> = [
  [/\bleague of legends\b/i, 10],
  [/\blol\b/i, 6],
  [/\b(summoners?|rift|solo ?queue|ranked)\b/i, 2],
  [/\b(moba|jungl\w*|adc|support mains?|mid ?laners?|top ?laners?)\b/i, 3],
];

function categorical(name: string, description: string, weights: Weights, extra: Partial<Field> = {}): Field {
  return { name, kind: "categorical", description, parents: [], categorical: { weights }, conditionals: [], ...extra };
}

/** Whether the prompt names places and none of them is a country whose server is known. */
function namesOnlyUnservedPlaces(prompt: ParsedPrompt): boolean {
  const read = prompt.placesRead;
  if (!read?.named || prompt.servers.length > 0) return false;
  return ![...prompt.countries, ...read.countries].some((code) => code in SERVER_OF_COUNTRY);
}

function regionWeights(prompt: ParsedPrompt): Weights {
  const named = new Set<string>(prompt.servers.filter((server) => server in REGION_WEIGHTS));
  if (named.size === 0) {
    for (const code of [...prompt.countries, ...(prompt.placesRead?.countries ?? [])]) {
      const server = SERVER_OF_COUNTRY[code];
      if (server) named.add(server);
    }
    for (const area of prompt.areas) for (const server of SERVERS_OF_AREA[area] ?? []) named.add(server);
  }
  return named.size > 0 ? concentrate(REGION_WEIGHTS, [...named]) : REGION_WEIGHTS;
}

export const lolPlayer: Domain = {
  id: "lol_player",
  // Players in countries whose server the table does not know ('in Estonia') are composed like any
  // people who play (their country's places and names): the servers' world mix would be a guess.
  match: (prompt) => (namesOnlyUnservedPlaces(prompt) ? 0 : keywordScore(prompt.text, PATTERNS)),
  blueprint(prompt): Blueprint {
    const age = fitAge({ min: 13, max: 50, mean: 23, sd: 6, integer: true }, prompt);
    const genderWeights: Weights = prompt.gender ? { [prompt.gender]: 1 } : { male: 0.9, female: 0.1 };
    const fields: Field[] = [
      categorical("region", "server region the player queues on", regionWeights(prompt), { label: "Region" }),
      categorical("rank", "ranked solo/duo tier", RANK_WEIGHTS, { ordered_values: [...LOL_RANKS], label: "Rank" }),
      categorical("main_role", "preferred position", { top: 0.2, jungle: 0.2, mid: 0.2, adc: 0.2, support: 0.2 }, { label: "Main role" }),
      categorical("gender", "the player's gender", genderWeights, { label: "Gender" }),
      { name: "age", kind: "numeric", label: "Age", description: "age in years", parents: [], numeric: age, conditionals: [] },
      {
        name: "hours_per_week",
        kind: "numeric",
        label: "Hours per week",
        description: "hours played per week",
        parents: ["rank"],
        conditionals: LOL_RANKS.map((rank) => ({
          when: { rank },
          numeric: { ...(HOURS_BY_RANK[rank] as { min: number; max: number; mean: number; sd: number }), integer: true, unit: "hours" },
        })),
      },
      {
        name: "main_champion",
        kind: "categorical",
        label: "Main champion",
        description: "the champion they play most in their role",
        parents: ["main_role"],
        conditionals: LOL_ROLES.map((role) => ({
          when: { main_role: role },
          categorical: { weights: Object.fromEntries((CHAMPIONS_BY_ROLE[role] ?? []).map((champion) => [champion, 0.1])) },
        })),
      },
      { name: "name", kind: "text", label: "Name", description: "the player's name and in-game tag, fitting their region", parents: ["region", "gender"], conditionals: [] },
      { name: "play_style", kind: "text", label: "Play style", description: "how they play, in a phrase", parents: ["main_role", "main_champion", "rank"], conditionals: [] },
      { name: "backstory", kind: "text", label: "Backstory", description: "a short paragraph on how they play and why", parents: ["rank", "main_role", "region", "hours_per_week", "age", "main_champion"], conditionals: [] },
    ];
    return {
      domain: "lol_player",
      label: "League of Legends player",
      order: fields.map((field) => field.name),
      fields,
      constraints: [
        { name: "hours_nonneg", lhs: "hours_per_week", op: ">=", rhs: "0" },
        // Riot's terms say 13; a prompt asking for younger players gets them (its ages win), said in the rationale.
        { name: "min_account_age", lhs: "age", op: ">=", rhs: String(Math.min(13, age.min)) },
      ],
      rationale:
        "Region, rank, role and gender are independent roots; weekly play time rises with rank; the main champion depends on the role; name, play style and backstory are written per persona. " +
        "Rank shares are League of Graphs' solo-queue tier distribution (division shares summed and rounded). Region shares approximate the relative sizes of public ranked ladders; Riot publishes no per-server player counts, and the Tencent-run Chinese servers are left out because they are not on Riot's API. " +
        "Roles are equal because matchmaking fills each of the five positions once per team. Gender is approximately 10% female, an approximation of the low female share Quantic Foundry reports for competitive online genres. " +
        "Hours per week by rank and the age spread (mean 23) are assumptions, not published figures; the minimum age of 13 follows Riot's terms of service. Champion lists are commonly played picks per role with equal weights (no pick-rate data used).",
      sources: [
        "League of Graphs, \"Rank distribution\" (solo queue, all regions; leagueofgraphs.com/rankings/rank-distribution), 2024 ranked season snapshot with the Emerald tier",
        "Esports Tales, \"League of Legends rank distribution: percentage of players by tier\" (monthly compilation of Riot API ladder data), 2023–2025",
        "Quantic Foundry (Nick Yee), \"Beyond 50/50: Breaking Down The Percentage of Female Gamers by Genre\", 2017",
        "Riot Games, Terms of Service (minimum age 13)",
      ],
      language: "en",
      style_axes: ["tilt_tolerance", "shot_calling", "grind"],
    };
  },
};

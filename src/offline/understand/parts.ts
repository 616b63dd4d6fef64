/**
 * What a prompt says, as parts: who (occupation or role), where (places, kind of settlement), when
 * (present, an era or year, a fictional setting), ages and gender, life situations, conditions,
 * activities, qualifiers, workplace. Every part keeps the exact span of the prompt it came from;
 * whatever the engine could not read is in `unmodelled`, word for word.
 */
import type { Activity, Area, City, Condition, Country, Occupation, Region, Setting, Situation } from "../knowledge/index.ts";
import type { CompassPart } from "../knowledge/gazetteer.ts";

export interface Span {
  start: number;
  end: number;
  /** The prompt's own words for this part. */
  text: string;
}

export type RoleReading =
  /** A job in the occupation data: "hospital pharmacists" (value "hospital pharmacist"). */
  /** `teaches`: the activity the job teaches or leads ("tango teachers", "hiking guides"): their work, not a pastime. */
  | { kind: "occupation"; occupation: Occupation; value: string; span: Span; teaches?: Activity }
  /** A role of a setting: "pirates", "street samurai", "knights". */
  | { kind: "setting-role"; setting: Setting; value: string; span: Span }
  /** A life situation that is also what they do: "students", "stay-at-home parents", "nursing-home residents". */
  | { kind: "situation"; situation: Situation; value: string; span: Span }
  /** People defined by an activity: "Fortnite players", "anime fans", "Dungeon Masters". */
  | { kind: "participant"; activity: Activity; value: string; span: Span }
  /** People defined by a condition: "people with chronic migraine", "wheelchair users". */
  | { kind: "condition-holder"; condition: Condition; value: string; span: Span }
  /** A role the data does not know, kept as written (singular): "kiteboarder". */
  | { kind: "as-written"; value: string; span: Span; teaches?: Activity }
  /** No role: "people in Lagos". */
  | { kind: "general" };

export type PlaceReading =
  /** `impliedBy`: no place was named; a community's data places them (the Amish: the United States), for this reason. */
  | { kind: "country"; country: Country; span: Span; byDemonym: boolean; impliedBy?: string; /** "northern Ghana", "eastern Austria", "the north-east of Brazil": the part of the country named. */ part?: CompassPart }
  | { kind: "area"; area: Area; span: Span ; /** "the south of Bavaria": the part of the area named. */ part?: CompassPart }
  | { kind: "region"; region: Region; country: Country; span: Span; /** "eastern Montana", "the north of Bavaria": the part of the region named. */ part?: CompassPart }
  /** `unlisted`: "Cambridge, Massachusetts" where the gazetteer lists no city of the name: kept as written in that place. */
  /** `namedWithin`: named with the place it is in ("Lima, Peru"), so no namesake elsewhere is meant. */
  | { kind: "city"; city: City; country: Country; span: Span; byDemonym?: true; unlisted?: true; namedWithin?: true };

export type WhenReading =
  | { kind: "setting"; setting: Setting; span: Span; year?: number; yearSpan?: Span; placeName?: string }
  /** A year or period with no setting in the data: "in 1850", "in 2150". */
  | { kind: "year"; year: number; span: Span };

export interface PromptParts {
  text: string;
  count?: number;
  /** The first role is the population's; more roles ("knights and merchants") share it. */
  roles: RoleReading[];
  /** Where they live. */
  places: PlaceReading[];
  /**
   * Where they come from (a demonym next to another place or an immigrant situation). `heritage`:
   * their family's origin, not necessarily their own ("Chinese Americans", "Russian speakers in
   * Latvia"); `byLanguage`: one of the countries where the language they are named by is spoken;
   * `byPopulation`: one of a region's countries ("Caribbean nurses in London"), weighed by population.
   */
  origins: Array<{ country: Country; span: Span; heritage?: true; byLanguage?: true; byPopulation?: true }>;
  /** The language they are named by ("Russian speakers", "Spanish-speaking parents"), with the countries that speak it. */
  language?: { name: string; countries: string[]; span: Span; spokenWhereTheyLive?: true };
  /** Places the prompt leaves out ("in France but not in Paris"), as written: no city of theirs is drawn. */
  excludedPlaces?: string[];
  /**
   * Values the prompt negates ("Non-Muslim residents", "Non-English speakers"): never the field's value;
   * a field that holds them drops them (the rest renormalised), and the phrase is declared.
   */
  excludedValues?: Array<{ field: string; value: string; span: Span }>;
  /** Proper names after "in"/"from" that are not in the gazetteer ("in Springfield"). */
  unknownPlaces: Span[];
  /** `towns`: the prompt also asks for small places ("coastal villages", "mountain hamlets"), whatever kind it names first. */
  settlement?: { value: string; span: Span; towns?: boolean; trade?: string };
  when?: WhenReading;
  /** `openEnded`: only a lower bound was given ("over 50"). */
  /** `upperOnly`: only an upper bound was given ("under 12"); the people's own word may raise the lower one. */
  age?: { min: number; max: number; openEnded?: true; upperOnly?: true; span: Span };
  /**
   * A trait only a share of them has ("half of them over 50", "one in four unemployed", "many of them retired",
   * "though mostly young ones", "40% of them international"): `share` of the population has it, the rest are
   * drawn as if it were not said. What was read inside the span is here, not in `age`, `situations`,
   * `qualifiers`, `conditions`, `origins` (nor `places`: "international" is where the share comes from).
   * `international`: the share comes from abroad, the rest from where they live. Until compose draws the
   * mixture, `unmodelled` also holds "<span.text> (a share of them, not everyone)".
   */
  shares?: Array<{
    share: number;
    span: Span;
    age?: { min: number; max: number; openEnded?: true; upperOnly?: true; span: Span };
    situations: Array<{ situation: Situation; span: Span }>;
    qualifiers: Array<{ qualifier: Situation; span: Span }>;
    conditions: Array<{ condition: Condition; span: Span }>;
    origins: PromptParts["origins"];
    international?: Span;
  }>;
  /** The organisation they belong to ("Employees of Google", "Members of the Bundestag"): their employer or institution, never a place (O5's organisations.ts). */
  organisation?: OrganisationReading;
  /** A stated amount of time on what they do ("more than 40 hours a week"), as hours a week (O5's time-spent.ts). */
  timeSpent?: TimeSpentReading;
  /** A stated income ("earning less than $40,000 a year"), with its bounds as US dollars a year (O5's amounts.ts). */
  income?: IncomeReading;
  /** `femaleShare`: the prompt states a share, not everyone ("30% men", "mostly women"): the share of women. */
  gender?: { gender: "female" | "male"; span: Span; femaleShare?: number };
  situations: Array<{ situation: Situation; span: Span }>;
  /** "British-born", "born in Canada", "native-born": born in the country where they live (the second generation is, by definition). */
  bornWhereTheyLive?: Span;
  /** "who immigrated to Ireland in the 2000s": when they arrived (first and last year), not when they live. */
  arrival?: { from: number; to: number; span: Span };
  conditions: Array<{ condition: Condition; span: Span }>;
  /** A condition of someone close to them ("mothers of children with autism"), not their own. */
  relativeConditions: Array<{ condition: Condition; relative: string; span: Span }>;
  /** Ages of someone close to them ("parents of teenagers", "children aged 5-10"), not their own. */
  relativeAges: Array<{ span: Span }>;
  /** The people their role serves ("caregivers of dementia patients", "teachers of refugees"). */
  others: Array<{ span: Span }>;
  activities: Array<{ activity: Activity; span: Span; role?: string }>;
  qualifiers: Array<{ qualifier: Situation; span: Span }>;
  /**
   * An unpaid role beside their own day job ("volunteer firefighters": firefighter), with the occupation
   * data's entry for it when there is one: the role is not their living, the population's jobs are everyday ones.
   */
  volunteerRole?: { value: string; occupation?: Occupation; span: Span };
  /** `named`: the prompt names the workplace itself ("at Gallaudet University"), whose town we do not know. */
  workplace?: { value: string; industry: string; span: Span; named?: true };
  studyYear?: { value: string; span: Span };
  /** The industry they work in ("working in construction"): the data's industry name. */
  industry?: { value: string; span: Span };
  /** The kind of jobs they hold ("professionals", "blue-collar workers"): ISCO-08 major groups. */
  workGroup?: { value: string; isco: number[]; span: Span };
  /**
   * "Kabuki actors": the role's people as written, when a word the data does not know names a kind of
   * a known job whose gender mix may be its own; the job's shares are used and the blueprint declares it.
   */
  genderMixOf?: string;
  /** The prompt's words that no part covers and that are not stop words, as written, in order. */
  unmodelled: string[];
}

// The readings the new modules make (amounts.ts, time-spent.ts, organisations.ts) are declared here, beside the
// parts that hold them: a reading module imports its part's type from here and never the other way round,
// which kept an import cycle out (the dependency rules forbid one).
export type IncomePeriod = "hour" | "day" | "week" | "month" | "year";

export interface IncomeReading {
  span: Span;
  /** The income in words, as the blueprint shows it: "under $40,000 a year". */
  text: string;
  /** ISO 4217. */
  currency: string;
  period: IncomePeriod;
  /** In the prompt's currency and period. */
  min?: number;
  max?: number;
  /** The bounds as US dollars a year. */
  usdPerYear: { min?: number; max?: number };
  /** "low income" / "high income" where the amount is clearly one (currencies.json thresholds). */
  band?: "low income" | "high income";
  /** A level named rather than an amount: "minimum wage". */
  level?: "minimum wage";
}

export interface TimeSpentReading {
  span: Span;
  /** As the prompt says it: "more than 40 hours a week". */
  text: string;
  /** The bounds in hours a week (a day's are seven times, a month's 12/52 of them). */
  hoursPerWeek: { min?: number; max?: number };
}

export interface OrganisationReading {
  /** As the data names it ("the NHS"), or as written when unknown. */
  name: string;
  span: Span;
  /** "tech company", "legislature", "university"…; "organisation" when unknown. */
  kind: string;
  /** occupations.json's industry name for its kind. */
  industry?: string;
  /** Its home country or seat (ISO2); none for a body of many countries. */
  country?: string;
  /**
   * How the prompt's people belong to it: `staff` (its employees: its jobs), `members` (of a legislature:
   * legislators; of a union or party: any job), `students`, `players`; `ownJob`: the prompt names their
   * job itself ("Google engineers", "NHS nurses"), which the role reader reads — the organisation only employs them.
   */
  relation: "staff" | "members" | "students" | "players";
  ownJob: boolean;
  /** The jobs such an employer has (weights summing to 1, occupations.json names), for staff named only as staff. */
  jobs?: Record<string, number>;
  known: boolean;
  /** It admits men only: everyone is a man unless the prompt says otherwise. */
  menOnly?: true;
  /** Its people work in many countries (McDonald's, the Red Cross): its seat is not where they live. */
  worldwide?: true;
  /** The one city where its people work (the Knesset: Jerusalem; the Mayo Clinic: Rochester). */
  city?: string;
}

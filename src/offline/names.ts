/**
 * Locale-aware person names from @faker-js/faker. Each locale gets one dedicated Faker instance,
 * built once and reseeded per name, so a name is a pure function of (locale, sex, seed) and the
 * shared `faker` singletons other code may use are never touched.
 */
import { createRequire } from "node:module";
import type { Faker, LocaleDefinition } from "@faker-js/faker";
import { hashSeed, createRng, type Rng } from "../engine/rng.ts";
import { countryByCode, countryForPlace, LOL_SERVER_COUNTRIES, type Country, type LocaleKey } from "./geo.ts";

export type Sex = "female" | "male";

/**
 * Kenyan names: faker has no Kenyan locale, and its Nigerian one gives Kenyans Yoruba and Igbo
 * names. A curated list instead: English given names common in Kenya, and Kikuyu, Luo, Luhya,
 * Kalenjin, Kamba and Swahili given names and surnames (each given name under its usual sex).
 */
const en_KE: LocaleDefinition = {
  person: {
    first_name: {
      female: ["Grace", "Mary", "Faith", "Mercy", "Esther", "Joyce", "Caroline", "Ann", "Jane", "Purity", "Sharon", "Beatrice", "Wanjiku", "Wambui", "Njeri", "Wairimu", "Nyambura", "Achieng", "Akinyi", "Atieno", "Awino", "Adhiambo", "Chebet", "Chepkoech", "Jepkosgei", "Nafula", "Nekesa", "Mwikali", "Zawadi", "Neema", "Rehema", "Imani"],
      male: ["John", "Joseph", "Peter", "David", "James", "Samuel", "Daniel", "Brian", "Kevin", "Dennis", "Collins", "Evans", "Kamau", "Mwangi", "Njoroge", "Kariuki", "Otieno", "Ochieng", "Omondi", "Odhiambo", "Kiprop", "Kibet", "Kiptoo", "Kipchoge", "Wekesa", "Wafula", "Mutua", "Musyoka", "Baraka", "Juma", "Hamisi", "Amani"],
    },
    last_name: {
      generic: ["Mwangi", "Otieno", "Kamau", "Ochieng", "Kiprop", "Njoroge", "Wanjala", "Odhiambo", "Kariuki", "Kipchoge", "Omondi", "Wafula", "Mutua", "Kimani", "Onyango", "Cheruiyot", "Karanja", "Wekesa", "Koech", "Ndung'u", "Macharia", "Barasa", "Mutai", "Rotich", "Owino", "Gitau", "Nyaga", "Kiplagat", "Langat", "Maina", "Wambua", "Musyoka", "Njenga", "Okoth", "Chege", "Mugo"],
    },
  },
};

type FakerModule = typeof import("@faker-js/faker");
let fakerModule: FakerModule | undefined;
/**
 * faker, loaded at the first name drawn from its lists: every locale at once costs ~0.5 CPU-s, which
 * each process and engine thread paid as it started, named anyone or not. Loaded synchronously
 * (`require` of an ES module, Node >= 20.19), as names are made inside the synchronous engine.
 */
function faker(): FakerModule {
  fakerModule ??= createRequire(import.meta.url)("@faker-js/faker") as FakerModule;
  return fakerModule;
}

let locales: Record<LocaleKey, LocaleDefinition> | undefined;
function localeDefinitions(): Record<LocaleKey, LocaleDefinition> {
  if (!locales) {
    const { en_US, en_GB, en_AU, en_CA, en_IN, en_NG, en_ZA, en_IE, ko, ja, zh_CN, zh_TW, vi, th, id_ID, de, fr, es, es_MX, it, pt_BR, pt_PT, nl, pl, sv, nb_NO, da, fi, ru, uk, tr, cs_CZ, ro, hu, el, ar, fa } = faker();
    locales = {
      en_US, en_GB, en_AU, en_CA, en_IN, en_NG, en_ZA, en_IE, ko, ja, zh_CN, zh_TW, vi, th, id_ID,
      de, fr, es, es_MX, it, pt_BR, pt_PT, nl, pl, sv, nb_NO, da, fi, ru, uk, tr, cs_CZ, ro, hu, el, ar, fa, en_KE,
    };
  }
  return locales;
}

/**
 * Given names where faker's own lists mislead. Faker's en_NG lists file many women's names under
 * men (Shade, Bukola, Funmilayo, Kemi) and a man's under women (Aminu): regrouped here by the
 * sex each name is usually given to, unisex names left out. Faker's vi lists are poetic
 * compounds that include place names (Bình Định, Hoàn Kiếm); Vietnamese names are built here as
 * a common middle name plus a common given name ("Văn Hùng", "Thị Lan").
 */
const CURATED_GIVEN: Partial<Record<LocaleKey, Record<Sex, readonly string[]>>> = {
  en_NG: {
    female: ["Adaugo", "Akunna", "Aminat", "Augustina", "Ayebatari", "Cherechi", "Chiamaka", "Chimamanda", "Chinyere", "Chizoba", "Ebiere", "Fatima", "Ifeoma", "Ifunanya", "Isioma", "Jolayemi", "Lola", "Omawunmi", "Omolara", "Rasheedah", "Sekinat", "Simisola", "Sumayyah", "Titi", "Titilayo", "Abisola", "Bukola", "Funmilayo", "Gbemisola", "Habiba", "Jadesola", "Kemi", "Shade", "Shalewa", "Titilope", "Lolade", "Ngozi", "Nneka", "Amaka", "Adaeze", "Hauwa", "Aisha", "Yetunde", "Folake", "Blessing"],
    male: ["Adeboye", "Adedayo", "Adegoke", "Akande", "Akanni", "Alade", "Ayinde", "Azubuike", "Bankole", "Chinedu", "Damilare", "Danjuma", "Ebiowei", "Emeka", "Emmanuel", "Ifeanyichukwu", "Ikenna", "Kayode", "Mohammed", "Musa", "Muyiwa", "Nnamdi", "Olumide", "Rotimi", "Uzodimma", "Wale", "Yakubu", "Yusuf", "Obinna", "Chukwuemeka", "Tunde", "Segun", "Ibrahim", "Abubakar", "Femi", "Aminu", "Babatunde", "Chidi"],
  },
  vi: {
    female: compoundNames(["Thị", "Ngọc", "Thu", "Thanh", "Minh", "Phương", "Hồng", "Kim"], ["Anh", "Lan", "Hương", "Linh", "Trang", "Hà", "Mai", "Thảo", "Hằng", "Nhung", "Hạnh", "Yến", "Vy", "Nhi", "Thủy", "Hoa", "Huyền", "Quỳnh", "Nga", "Loan", "Dung", "Trinh", "Châu", "Ngân"]),
    male: compoundNames(["Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Hoàng", "Quốc"], ["Hùng", "Dũng", "Tuấn", "Nam", "Long", "Huy", "Khoa", "Phúc", "Hải", "Quân", "Duy", "Tùng", "Sơn", "Hiếu", "Thắng", "Cường", "Bảo", "Trung", "Khánh", "Đạt", "Vinh", "Tâm", "Thịnh", "Phong"]),
  },
};

function compoundNames(middles: readonly string[], givens: readonly string[]): string[] {
  return middles.flatMap((middle) => givens.filter((given) => given !== middle).map((given) => `${middle} ${given}`));
}

/** Locales whose names are written family name first. */
const FAMILY_FIRST = new Set<LocaleKey>(["ko", "ja", "zh_CN", "zh_TW", "vi", "hu"]);
/** …and without a space between the two (CJK). */
const UNSPACED = new Set<LocaleKey>(["ko", "ja", "zh_CN", "zh_TW"]);

export interface PersonName {
  given: string;
  family: string;
  /** As it is written in the locale ("박지우", "Lucas Ferreira"), with a gamer tag when asked for. */
  full: string;
  locale: LocaleKey;
}

/**
 * Gamer tags: short, pronounceable, and free of words our domains use as category values
 * (no "Gold", "Top", "Mid", "Master", server codes), so a tag quoted in prose cannot contradict a field.
 */
const TAG_HEADS = ["Hae", "Nox", "Kira", "Vex", "Ryu", "Sol", "Zeph", "Blitz", "Mochi", "Raven", "Pixel", "Ember", "Frost", "Lumen", "Onyx", "Shade", "Yuki", "Koi", "Drift", "Echo", "Nyx", "Bolt", "Mira", "Taro", "Kuro", "Sora", "Vale", "Juno", "Pyre", "Wisp", "Rook", "Fable", "Quill", "Haze", "Tide", "Lark", "Cinder", "Orbit", "Rune", "Sable"];
const TAG_TAILS = ["", "", "", "fang", "shot", "wind", "byte", "mane", "veil", "storm", "ling", "ace", "fox", "moth", "light", "song", "claw", "dusk", "bloom", "spark", "drop", "ward", "kite", "lock"];

export function gamerTag(rng: Rng): string {
  return rng.pick(TAG_HEADS) + rng.pick(TAG_TAILS);
}

export class NameGenerator {
  private readonly fakers = new Map<LocaleKey, Faker>();

  /** One Faker per locale, built on first use; English and base fill gaps in sparse locales. */
  private fakerFor(locale: LocaleKey): Faker {
    let instance = this.fakers.get(locale);
    if (!instance) {
      const { Faker: FakerClass, en, base } = faker();
      instance = new FakerClass({ locale: [localeDefinitions()[locale], en, base] });
      this.fakers.set(locale, instance);
    }
    return instance;
  }

  /**
   * A name for the locale and sex, a pure function of `seed`. We draw from the Faker instance's
   * merged locale definitions with our own seeded stream instead of calling `faker.seed()` per
   * name: reseeding faker's Mersenne Twister costs ~20 µs, which alone would be 2 s per 100,000
   * personas, while the draw itself is the same uniform pick faker's `person.firstName` makes.
   */
  name(locale: LocaleKey, sex: Sex | undefined, seed: number): PersonName {
    const pools = this.poolsFor(locale);
    const rng = createRng(seed);
    const given = rng.pick(sex ? pools.first[sex] : rng.float() < 0.5 ? pools.first.female : pools.first.male);
    const family = rng.pick(sex ? pools.last[sex] : pools.last.female);
    const full = FAMILY_FIRST.has(locale) ? (UNSPACED.has(locale) ? `${family}${given}` : `${family} ${given}`) : `${given} ${family}`;
    return { given, family, full, locale };
  }

  /**
   * A family name as common in the locale as we can tell. Faker's English-speaking locales fall
   * back to a US list full of rare names ("Stoltenberg", "Ratke"), so those locales draw from the
   * most common surnames of their country instead; other locales use faker's own pool. With
   * `latinScript` (the given name is written in Latin letters), non-Latin locales give a romanised
   * surname, so "Kenji" in Osaka becomes "Kenji Tanaka" rather than mixing scripts.
   */
  familyName(locale: LocaleKey, sex: Sex | undefined, seed: number, latinScript = false): string {
    const rng = createRng(seed);
    const common = COMMON_SURNAMES[locale];
    if (common) return rng.pick(common);
    const romanised = ROMANISED_SURNAMES[locale];
    if (romanised && latinScript) return rng.pick(romanised);
    const pools = this.poolsFor(locale);
    return rng.pick(pools.last[sex ?? "female"]);
  }

  /** Locales whose given names include `given` (exact spelling), Latin-script locales first. */
  originsOf(given: string): LocaleKey[] {
    const found: LocaleKey[] = [];
    for (const locale of Object.keys(localeDefinitions()) as LocaleKey[]) {
      const pools = this.poolsFor(locale);
      if (pools.first.female.includes(given) || pools.first.male.includes(given)) found.push(locale);
    }
    return found;
  }

  /** The sex a given name points at in a locale, when only one of its pools holds it. */
  sexOf(given: string, locale: LocaleKey): Sex | undefined {
    const pools = this.poolsFor(locale);
    const female = pools.first.female.includes(given);
    const male = pools.first.male.includes(given);
    return female === male ? undefined : female ? "female" : "male";
  }

  private readonly pools = new Map<LocaleKey, NamePools>();

  private poolsFor(locale: LocaleKey): NamePools {
    let pools = this.pools.get(locale);
    if (!pools) {
      const person = this.fakerFor(locale).rawDefinitions.person ?? {};
      const common = COMMON_SURNAMES[locale];
      pools = {
        first: CURATED_GIVEN[locale] ?? bySex(person.first_name),
        // English-speaking locales: faker's surname pool is a US list full of rare names (Kuphal, Wiza).
        last: common ? { female: common, male: common } : bySex(person.last_name),
      };
      this.pools.set(locale, pools);
    }
    return pools;
  }
}

/**
 * Among the most common surnames of each English-speaking country, used for both invented names
 * and completed ones. Sources: en_US is the top 100 of the U.S. Census Bureau's "Frequently
 * Occurring Surnames from the 2010 Census"; en_GB, en_IE, en_CA and en_AU are abridged from the
 * national rankings on Forebears (forebears.io, "Most common last names in …"), order approximate.
 */
const COMMON_SURNAMES: Partial<Record<LocaleKey, readonly string[]>> = {
  en_US: [
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
    "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
    "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Gomez", "Phillips", "Evans", "Turner", "Diaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes",
    "Stewart", "Morris", "Morales", "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper", "Peterson", "Bailey", "Reed", "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson",
    "Watson", "Brooks", "Chavez", "Wood", "James", "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes", "Price", "Alvarez", "Castillo", "Sanders", "Patel", "Myers", "Long", "Ross", "Foster", "Jimenez",
  ],
  en_GB: ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Hughes", "Edwards", "Turner", "Harris", "Lewis", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Baker", "Harrison", "King", "Allen", "Mitchell", "Shaw", "Bennett", "Carter", "Phillips", "Parker", "Marshall", "Ellis", "Cook", "Price", "Kelly", "Murray", "Fletcher", "Holmes", "Atkinson", "Barnes", "Chapman", "Dixon", "Fox", "Gibson", "Hunt", "Lloyd", "Mason", "Palmer", "Pearson", "Reid", "Richardson", "Stevens", "Webb", "Watson"],
  en_IE: ["Murphy", "Kelly", "O'Sullivan", "Walsh", "Smith", "O'Brien", "Byrne", "Ryan", "O'Connor", "O'Neill", "O'Reilly", "Doyle", "McCarthy", "Gallagher", "O'Doherty", "Kennedy", "Lynch", "Murray", "Quinn", "Moore", "McLoughlin", "Carroll", "Connolly", "Daly", "Brennan", "Fitzgerald", "Nolan", "Burke", "Dunne", "Kavanagh"],
  en_CA: ["Smith", "Brown", "Tremblay", "Martin", "Roy", "Wilson", "MacDonald", "Gagnon", "Johnson", "Taylor", "Côté", "Campbell", "Anderson", "Leblanc", "Lee", "Jones", "White", "Williams", "Miller", "Thompson", "Gauthier", "Young", "Morin", "Bouchard", "Scott", "Stewart", "Reid", "Fraser", "Murray", "Clarke", "Ross", "Bélanger", "Robinson", "Walker", "Mitchell"],
  en_AU: ["Smith", "Jones", "Williams", "Brown", "Wilson", "Taylor", "Johnson", "White", "Martin", "Anderson", "Thompson", "Nguyen", "Thomas", "Walker", "Harris", "Lee", "Ryan", "Robinson", "Kelly", "King", "Davis", "Wright", "Evans", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Mitchell", "Campbell", "Murphy", "O'Brien", "Young", "Scott"],
};

/** Common surnames, romanised, for locales whose own pools are in another script. */
const ROMANISED_SURNAMES: Partial<Record<LocaleKey, readonly string[]>> = {
  ja: ["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi", "Kato", "Yoshida", "Yamada", "Sasaki", "Yamaguchi", "Matsumoto", "Inoue", "Kimura", "Hayashi", "Shimizu", "Mori"],
  ko: ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo", "Shin", "Kwon"],
  zh_CN: ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu"],
  zh_TW: ["Chen", "Lin", "Huang", "Chang", "Lee", "Wang", "Wu", "Liu", "Tsai", "Yang", "Hsu", "Cheng"],
  ru: ["Ivanov", "Smirnov", "Kuznetsov", "Popov", "Vasiliev", "Petrov", "Sokolov", "Mikhailov", "Novikov", "Fedorov", "Morozov", "Volkov"],
  uk: ["Melnyk", "Shevchenko", "Boyko", "Kovalenko", "Bondarenko", "Tkachenko", "Kravchenko", "Oliynyk", "Shevchuk", "Koval"],
  el: ["Papadopoulos", "Papadakis", "Georgiou", "Dimitriou", "Nikolaidis", "Konstantinou", "Pappas", "Vlachos", "Ioannou", "Makris"],
  ar: ["Hassan", "Mohamed", "Ali", "Ibrahim", "Mahmoud", "Said", "Abdullah", "Khalil", "Mansour", "Nasser", "Saleh", "Haddad"],
  fa: ["Hosseini", "Mohammadi", "Rezaei", "Ahmadi", "Karimi", "Moradi", "Jafari", "Rahimi", "Hashemi", "Kazemi"],
  th: ["Saetang", "Srisuk", "Wongsawat", "Chaiyaporn", "Boonmee", "Thongchai", "Sukprasert", "Rattanakorn"],
};

interface NamePools {
  first: Record<Sex, readonly string[]>;
  last: Record<Sex, readonly string[]>;
}

/** Faker stores names as `{ generic?, female?, male? }`; fill each sex from what the locale has. */
function bySex(entry: { generic?: readonly string[]; female?: readonly string[]; male?: readonly string[] } | null | undefined): Record<Sex, readonly string[]> {
  const generic = entry?.generic ?? [];
  const female = entry?.female?.length ? entry.female : generic.length ? generic : (entry?.male ?? []);
  const male = entry?.male?.length ? entry.male : generic.length ? generic : female;
  if (female.length === 0 || male.length === 0) throw new Error("names: locale has no person names");
  return { female, male };
}

/**
 * The country a place value points at: a League server (picked among the countries it serves,
 * by `rng`), an ISO code, a country or city name. Unknown places → undefined.
 */
export function countryOfPlace(place: string | undefined, rng: Rng): Country | undefined {
  if (!place) return undefined;
  const server = LOL_SERVER_COUNTRIES[place.trim().toUpperCase()];
  if (server && place.trim().length > 2) {
    return countryByCode(rng.weighted(server.map(([code]) => code), server.map(([, weight]) => weight)));
  }
  const country = countryForPlace(place);
  if (country) return country;
  if (server) return countryByCode(rng.weighted(server.map(([code]) => code), server.map(([, weight]) => weight)));
  return undefined;
}

export function localeOfPlace(place: string | undefined, rng: Rng): LocaleKey {
  return countryOfPlace(place, rng)?.locale ?? "en_US";
}

/**
 * Names already given in one population. `claim` tries candidates until one is new; after many
 * collisions (tiny name pools) it disambiguates with a middle initial rather than loop forever.
 */
export class NameRegistry {
  private readonly used = new Set<string>();

  claim<Name extends { given: string; full: string; locale?: string }>(candidate: (attempt: number) => Name, decorate: (name: Name) => string = (name) => name.full): { name: Name; display: string } {
    let first: { name: Name; display: string } | undefined;
    for (let attempt = 0; attempt < 40; attempt++) {
      const name = candidate(attempt);
      const display = decorate(name);
      first ??= { name, display };
      if (!this.used.has(display)) {
        this.used.add(display);
        return { name, display };
      }
    }
    const fallback = first as { name: Name; display: string };
    for (let index = 0; ; index++) {
      const letter = String.fromCharCode(65 + (index % 26));
      const suffix = index < 26 ? `${letter}.` : `${letter}${String.fromCharCode(65 + Math.floor(index / 26) % 26)}.`;
      const display = fallback.name.locale && UNSPACED.has(fallback.name.locale as LocaleKey) ? `${fallback.display} ${suffix}` : fallback.display.replace(fallback.name.given, `${fallback.name.given} ${suffix}`);
      if (!this.used.has(display)) {
        this.used.add(display);
        return { name: fallback.name, display };
      }
    }
  }

  has(display: string): boolean {
    return this.used.has(display);
  }
}

/** Seeds for a persona's name attempts: independent of batch boundaries and of other fields. */
export function nameSeed(populationSeed: number, personaIndex: number, attempt: number): number {
  return hashSeed(populationSeed, "name", personaIndex, attempt) >>> 0;
}

export { createRng };

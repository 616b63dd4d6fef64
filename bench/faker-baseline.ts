/**
 * The baseline `npm run bench` compares with: a plain @faker-js/faker script making N simple
 * persons (name, age, job, city and a bio sentence, from a locale matched to a weighted country),
 * serialised as the pretty JSON the CLI writes. Run in a fresh process per N, as the populations
 * are, so its peak memory is its own. Prints one JSON line: {count, seconds, cpuSeconds, maxRssMb}.
 *
 * Usage: `node --import tsx bench/faker-baseline.ts <count>`.
 */
import { allFakers, type Faker } from "@faker-js/faker";

interface SimplePerson {
  id: string;
  name: string;
  gender: string;
  age: number;
  country: string;
  city: string;
  job: string;
  bio: string;
}

/** Countries by weight, each with the faker locale its names come from. */
const COUNTRIES: ReadonlyArray<{ country: string; locale: keyof typeof allFakers; weight: number }> = [
  { country: "United States", locale: "en_US", weight: 20 },
  { country: "South Korea", locale: "ko", weight: 14 },
  { country: "Germany", locale: "de", weight: 10 },
  { country: "France", locale: "fr", weight: 9 },
  { country: "Brazil", locale: "pt_BR", weight: 10 },
  { country: "Spain", locale: "es", weight: 7 },
  { country: "Poland", locale: "pl", weight: 6 },
  { country: "Japan", locale: "ja", weight: 6 },
  { country: "Vietnam", locale: "vi", weight: 6 },
  { country: "Turkey", locale: "tr", weight: 5 },
  { country: "United Kingdom", locale: "en_GB", weight: 5 },
  { country: "Sweden", locale: "sv", weight: 2 },
];

export function fakerPersons(count: number, seed: number): SimplePerson[] {
  const fakers = COUNTRIES.map((entry) => {
    const faker = allFakers[entry.locale] as Faker;
    faker.seed(seed);
    return faker;
  });
  const chooser = allFakers.en as Faker;
  chooser.seed(seed);
  const weights = COUNTRIES.map((entry) => ({ value: COUNTRIES.indexOf(entry), weight: entry.weight }));
  const persons: SimplePerson[] = new Array(count);
  for (let index = 0; index < count; index++) {
    const which = chooser.helpers.weightedArrayElement(weights);
    const faker = fakers[which] as Faker;
    const sex = faker.person.sexType();
    const firstName = faker.person.firstName(sex);
    const lastName = faker.person.lastName(sex);
    const age = chooser.number.int({ min: 16, max: 45 });
    const job = chooser.person.jobTitle();
    const city = faker.location.city();
    const country = (COUNTRIES[which] as (typeof COUNTRIES)[number]).country;
    persons[index] = {
      id: `p${String(index + 1).padStart(Math.max(4, String(count).length), "0")}`,
      name: `${firstName} ${lastName}`,
      gender: sex,
      age,
      country,
      city,
      job,
      bio: `${firstName} is a ${age}-year-old ${job.toLowerCase()} from ${city}, ${country}. ${chooser.person.bio()}. Plays about ${chooser.number.int({ min: 2, max: 40 })} hours a week.`,
    };
  }
  return persons;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv[2] ?? 1000);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const serialised = JSON.stringify(fakerPersons(count, 20261122), null, 2);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  if (serialised.length === 0) throw new Error("empty output");
  console.log(
    JSON.stringify({
      count,
      seconds: Number(seconds.toFixed(3)),
      cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(3)),
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      megabytes: Number((serialised.length / 1e6).toFixed(1)),
    }),
  );
}

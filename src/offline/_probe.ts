import { sampleStructured } from "../engine/sampler.ts";
import { parsePrompt } from "./prompt.ts";
import { pickDomain } from "./domains/index.ts";
import { OfflineWriter } from "./writer.ts";
const writer = new OfflineWriter();
for (const p of ["10 League of Legends players from around the globe", "US software developers", "nurses in rural Ohio", "retired teachers in Japan", "people"]) {
  const parsed = parsePrompt(p);
  const bp = pickDomain(parsed).blueprint(parsed);
  const sampled = sampleStructured(bp, 4, 7);
  const session = writer.begin({ prompt: p, blueprint: bp, seed: 7, count: 4 });
  const out = await session.writeBatch(sampled, 0);
  out.forEach((o, i) => console.log(JSON.stringify(sampled[i]), "\n  ", JSON.stringify(o)));
}
const parsed = parsePrompt("LoL players");
const bp = pickDomain(parsed).blueprint(parsed);
let t = Date.now();
const sampled = sampleStructured(bp, 100000, 1);
console.log("sample 100k", Date.now() - t, "ms");
t = Date.now();
const session = writer.begin({ prompt: "LoL players", blueprint: bp, seed: 1, count: 100000 });
for (let i = 0; i < 100000; i += 1000) await session.writeBatch(sampled.slice(i, i + 1000), i);
console.log("write 100k", Date.now() - t, "ms");

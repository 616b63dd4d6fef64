/**
 * Makes `src/offline/data/coastal-cities.json`: the gazetteer's cities (city-timezones) that lie within
 * `COAST_KM` of a sea coast, so "coastal villages" and "seaside towns" can draw towns on the coast.
 *
 * The coast is the outline of Natural Earth's 1:10m land polygons (public domain), as TopoJSON in the
 * world-atlas package (ISC). That file is not a dependency of the project — the output is committed —
 * so the script takes its path:
 *
 *   npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
 *   node --import tsx scripts/data/coastal-cities.ts package/land-10m.json
 *
 * The land polygons' outlines are coasts only: land borders between countries are not in them, and
 * lakes are not holes in them (the Great Lakes' shores are not coasts; the Caspian's are — it is
 * drawn as sea). A city's distance is to its nearest outline segment, on a sphere, searched in a grid of
 * one-degree cells.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const COAST_KM = 12;
const EARTH_KM = 6371;

interface Topology {
  transform: { scale: [number, number]; translate: [number, number] };
  arcs: Array<Array<[number, number]>>;
}

const [landPath] = process.argv.slice(2);
if (!landPath) throw new Error("usage: coastal-cities.ts <path to world-atlas land-10m.json>");
const topology = JSON.parse(readFileSync(landPath, "utf8")) as Topology;

/** Each arc's points in degrees: TopoJSON stores them quantised and delta-encoded. */
function arcPoints({ transform, arcs }: Topology): Array<Array<[number, number]>> {
  const [scaleX, scaleY] = transform.scale;
  const [translateX, translateY] = transform.translate;
  return arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]) => {
      x += dx;
      y += dy;
      return [x * scaleX + translateX, y * scaleY + translateY] as [number, number];
    });
  });
}

type Segment = [number, number, number, number];
const cells = new Map<string, Segment[]>();
for (const points of arcPoints(topology)) {
  for (let index = 1; index < points.length; index++) {
    const [x1, y1] = points[index - 1] as [number, number];
    const [x2, y2] = points[index] as [number, number];
    // A segment from +180° to -180° is the outline closing along the antimeridian, not a coast around the globe.
    if (Math.abs(x2 - x1) > 180) continue;
    const segment: Segment = [x1, y1, x2, y2];
    // A segment is filed under every cell its bounding box touches (segments are short: one or two cells).
    for (let x = Math.floor(Math.min(x1, x2)); x <= Math.floor(Math.max(x1, x2)); x++) {
      for (let y = Math.floor(Math.min(y1, y2)); y <= Math.floor(Math.max(y1, y2)); y++) {
        const key = `${x},${y}`;
        let list = cells.get(key);
        if (!list) cells.set(key, (list = []));
        list.push(segment);
      }
    }
  }
}

const radians = (degrees: number): number => (degrees * Math.PI) / 180;

/** Distance in km from a point to a short segment, on a plane tangent at the point (segments are < 20 km). */
function kmToSegment(longitude: number, latitude: number, [x1, y1, x2, y2]: Segment): number {
  const kmPerDegreeY = (Math.PI * EARTH_KM) / 180;
  const kmPerDegreeX = kmPerDegreeY * Math.cos(radians(latitude));
  const ax = (x1 - longitude) * kmPerDegreeX;
  const ay = (y1 - latitude) * kmPerDegreeY;
  const bx = (x2 - longitude) * kmPerDegreeX;
  const by = (y2 - latitude) * kmPerDegreeY;
  const dx = bx - ax;
  const dy = by - ay;
  const length = dx * dx + dy * dy;
  const t = length === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / length));
  return Math.hypot(ax + t * dx, ay + t * dy);
}

function kmToCoast(longitude: number, latitude: number): number {
  let nearest = Infinity;
  // One degree of latitude is 111 km: the point's cell and its neighbours hold every segment within 12 km.
  for (let x = Math.floor(longitude) - 1; x <= Math.floor(longitude) + 1; x++) {
    for (let y = Math.floor(latitude) - 1; y <= Math.floor(latitude) + 1; y++) {
      for (const segment of cells.get(`${((x + 180 + 360) % 360) - 180},${y}`) ?? []) nearest = Math.min(nearest, kmToSegment(longitude, latitude, segment));
    }
  }
  return nearest;
}

interface CityRow {
  city: string;
  lat: number;
  lng: number;
  iso2: string;
  province?: string;
}
const require = createRequire(import.meta.url);
const rows = require("city-timezones/data/cityMap.json") as CityRow[];
// Keyed by country and region ("" where the gazetteer gives none): one country's name can be two cities,
// one on the coast and one inland (Alexandria, Virginia and Alexandria, Louisiana; Windsor, Ontario and Windsor, Nova Scotia).
const coastal: Record<string, Record<string, string[]>> = {};
for (const row of rows) {
  if (kmToCoast(row.lng, row.lat) > COAST_KM) continue;
  ((coastal[row.iso2] ??= {})[row.province ?? ""] ??= []).push(row.city);
}
const byName = <T>(entries: Array<[string, T]>): Record<string, T> => Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
const sorted = byName(Object.entries(coastal).map(([code, regions]) => [code, byName(Object.entries(regions).map(([region, names]) => [region, names.sort()]))]));
const total = Object.values(sorted).reduce((sum, regions) => sum + Object.values(regions).reduce((count, names) => count + names.length, 0), 0);

writeFileSync(
  new URL("../../src/offline/data/coastal-cities.json", import.meta.url),
  JSON.stringify(
    {
      about: `Cities of the gazetteer (city-timezones) within ${COAST_KM} km of a sea coast: ${total} of ${rows.length}. Keyed by country code, then region (the gazetteer's province; \"\" where it has none). Made by scripts/data/coastal-cities.ts; the coast is the outline of Natural Earth's 1:10m land polygons, so lake shores are not coasts (the Caspian's are) and a city's point, not its edge, is measured.`,
      sources: ["Natural Earth, 1:10m Physical Vectors, Land (public domain), as TopoJSON in world-atlas 2.0.2 (ISC)"],
      coast_km: COAST_KM,
      cities: sorted,
    },
    null,
    1,
  ) + "\n",
);
console.log(`${total} of ${rows.length} cities within ${COAST_KM} km of a coast`);

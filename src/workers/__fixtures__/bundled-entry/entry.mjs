// An entry for engine-bundle.test.ts: each file keeps its own location once bundled, and a string
// that names `import.meta.url` stays as it is.
import { nested } from "./nested/locations.ts";

export const locations = { entry: import.meta.url, entryFolder: import.meta.dirname, ...nested, quoted: "import.meta.url" };

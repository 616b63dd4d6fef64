export const nested: Record<string, string> = { nestedFile: import.meta.filename, nestedUrl: new URL("./data.json", import.meta.url).href };

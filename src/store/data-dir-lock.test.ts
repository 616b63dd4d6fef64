/**
 * Taking the data folder (what every operator command does before opening the store) makes all of
 * it private, the keys beside the database included: an old folder once kept `dev-key` and
 * `operator-token` readable and writable by anyone until a server started.
 */
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { acquire } from "./data-dir-lock.ts";

const root = mkdtempSync(join(tmpdir(), "dramatis-lock-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const mode = (path: string) => (lstatSync(path).mode & 0o777).toString(8);

describe("acquire", () => {
  it("makes every file and folder of an old data folder private (0600 / 0700)", () => {
    const dataDir = join(root, "old");
    mkdirSync(join(dataDir, "db", "base"), { recursive: true });
    const files = ["dev-key", "operator-token", "server.json", join("db", "PG_VERSION"), join("db", "base", "1")];
    for (const file of files) {
      writeFileSync(join(dataDir, file), "x");
      chmodSync(join(dataDir, file), 0o666);
    }
    for (const folder of [dataDir, join(dataDir, "db"), join(dataDir, "db", "base")]) chmodSync(folder, 0o755);

    const release = acquire(dataDir);
    release();

    expect(Object.fromEntries(files.filter((file) => file !== "server.json").map((file) => [file, mode(join(dataDir, file))]))).toEqual({
      "dev-key": "600",
      "operator-token": "600",
      [join("db", "PG_VERSION")]: "600",
      [join("db", "base", "1")]: "600",
    });
    for (const folder of [dataDir, join(dataDir, "db"), join(dataDir, "db", "base")]) expect(mode(folder)).toBe("700");
  });
});

/**
 * What `dramatis keys` and `dramatis credits` do to the store, whichever way they reach it (the
 * store directly, or the running server's operator routes): on a real embedded Postgres.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestStore } from "../../test/helpers/app.ts";
import type { Store } from "../store/database.ts";
import { AccountRepository } from "../store/accounts.ts";
import { OperatorError, OperatorService } from "./operator-service.ts";

let store: Store;
let accounts: AccountRepository;
let operator: OperatorService;

beforeAll(async () => {
  store = await openTestStore();
  accounts = new AccountRepository(store.db);
  operator = new OperatorService(accounts, 1_000);
});
afterAll(async () => {
  await store?.close();
});

async function isActive(key: string): Promise<boolean> {
  return (await accounts.findByKey(key)) !== null;
}

describe("revoking a key", () => {
  it("accepts the whole key, its id, the first 8+ characters of its id, or the ak_ prefix keys list shows (with or without its …)", async () => {
    const created = await Promise.all(["whole", "id", "id-start", "prefix", "prefix-dots"].map((name) => operator.createKey({ account: "revoking", create: true, name })));
    const [whole, byId, byIdStart, byPrefix, byPrefixWithDots] = created as [(typeof created)[number], ...typeof created];
    const references = [whole.key, byId!.id, byIdStart!.id.slice(0, 8), byPrefix!.key.slice(0, 10), `${byPrefixWithDots!.key.slice(0, 10)}…`];
    for (const [index, reference] of references.entries()) {
      const revoked = await operator.revokeKey({ key: reference });
      expect(revoked.id, reference).toBe(created[index]!.id);
      expect(revoked.revokedAt).not.toBeNull();
      expect(await isActive(created[index]!.key)).toBe(false);
    }
  });

  it("accepts a configured key of any shape by its whole text", async () => {
    const account = await accounts.create("configured", 0);
    await accounts.createKey(account.id, "env", "my-own-secret-text");
    expect((await operator.revokeKey({ key: "my-own-secret-text" })).name).toBe("env");
    expect(await isActive("my-own-secret-text")).toBe(false);
  });

  it("refuses a reference that names several active keys, naming each, and revokes none", async () => {
    const first = await operator.createKey({ account: "twins", create: true, name: "twin-one" });
    const second = await operator.createKey({ account: "twins", name: "twin-two" });
    const refusal = operator.revokeKey({ key: "ak_" });
    await expect(refusal).rejects.toThrow(OperatorError);
    await expect(refusal).rejects.toThrow(/ak_ matches \d+ active keys, so none was revoked/);
    await expect(refusal).rejects.toThrow(`${first.id} (${first.key.slice(0, 10)}…, "twin-one"`);
    await expect(refusal).rejects.toThrow(`${second.id} (${second.key.slice(0, 10)}…, "twin-two"`);
    expect(await isActive(first.key)).toBe(true);
    expect(await isActive(second.key)).toBe(true);
  });

  it("says when the key was revoked already, and when nothing matches", async () => {
    const { key } = await operator.createKey({ account: "twice", create: true, name: "once" });
    await operator.revokeKey({ key });
    await expect(operator.revokeKey({ key })).rejects.toThrow(/"once".* was revoked at .*; nothing to do/);
    await expect(operator.revokeKey({ key: "ak_neverissuedneverissued" })).rejects.toThrow(/no key matches ak_neverissuedneverissued \(give the whole key/);
  });

  it("does not read more than the stored prefix: a longer start of a key that is not the whole key matches nothing", async () => {
    const { key } = await operator.createKey({ account: "partial", create: true, name: "partial" });
    await expect(operator.revokeKey({ key: key.slice(0, 14) })).rejects.toThrow(/no key matches/);
    expect(await isActive(key)).toBe(true);
  });
});

describe("granting credits", () => {
  it("adds, and takes away down to a balance of exactly zero", async () => {
    expect((await operator.grant({ account: "wallet", create: true, amount: 500, note: "start" })).balance).toBe(500);
    expect((await operator.grant({ account: "wallet", amount: -200, note: "correction" })).balance).toBe(300);
    expect((await operator.grant({ account: "wallet", amount: -300, note: "empty it" })).balance).toBe(0);
  });

  it("refuses to take a balance below zero, saying how much there is, and changes nothing", async () => {
    await operator.grant({ account: "overdrawn", create: true, amount: 100, note: "start" });
    await expect(operator.grant({ account: "overdrawn", amount: -101, note: "too much" })).rejects.toThrow(
      "cannot take 101 credits from overdrawn: its balance is 100, and a grant may bring a balance down to 0, not below (take at most 100)",
    );
    const { account, ledger } = await operator.show({ account: "overdrawn", limit: 10 });
    expect(account.balance).toBe(100);
    expect(ledger.map((entry) => entry.delta)).toEqual([100]);
  });

  it("refuses amounts and balances past 2^53, which a JavaScript number cannot hold exactly", async () => {
    await operator.grant({ account: "whale", create: true, amount: 10, note: "start" });
    await expect(operator.grant({ account: "whale", amount: 2 ** 53, note: "rounded" })).rejects.toThrow(/amount must be a whole number between -9007199254740991 and 9007199254740991/);
    await expect(operator.grant({ account: "whale", amount: 1.5, note: "fraction" })).rejects.toThrow(/amount must be a whole number/);
    await expect(operator.grant({ account: "whale", amount: Number.MAX_SAFE_INTEGER, note: "overflow" })).rejects.toThrow(/cannot add 9007199254740991 credits to whale: its balance of 10 would pass 9007199254740991/);
    expect((await operator.show({ account: "whale", limit: 10 })).account.balance).toBe(10);
  });

  it("never lets concurrent withdrawals overdraw: of ten taking 30 from 100, three succeed", async () => {
    await operator.grant({ account: "race", create: true, amount: 100, note: "start" });
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => operator.grant({ account: "race", amount: -30, note: "race" })));
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(3);
    expect((await operator.show({ account: "race", limit: 1 })).account.balance).toBe(10);
  });
});

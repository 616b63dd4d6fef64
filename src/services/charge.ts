/**
 * Charging an account for something it is about to get, in the services' words: a balance that
 * cannot cover it is a `payment_required` refusal, with nothing charged and nothing created.
 */
import { InsufficientCreditsError, type AccountRepository, type BillableComponent, type Transaction } from "../store/accounts.ts";
import { ServiceError } from "./errors.ts";

/** What a ledger row is for: the hosted service's three actions and the studio's. */
export type ChargedComponent = BillableComponent;

/** Charges `cost` under `id` and runs `create` in the same transaction (see `AccountRepository.chargeAndCreate`). */
export async function charge<T>(
  accounts: AccountRepository,
  accountId: string,
  cost: number,
  component: ChargedComponent,
  id: string,
  create: (tx: Transaction) => Promise<T>,
): Promise<T> {
  try {
    return await accounts.chargeAndCreate(accountId, cost, component, id, create);
  } catch (error) {
    if (error instanceof InsufficientCreditsError) throw ServiceError.paymentRequired(cost, error);
    throw error;
  }
}

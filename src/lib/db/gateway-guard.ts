/**
 * The runtime half of "every write goes through the gateway": the gateway marks the transactions
 * it opens, and a Dexie middleware (database.ts) refuses a write to a data store in any other
 * read-write transaction. (Raw IndexedDB writes are only reachable through gateway-raw.ts: raw.ts's
 * `write` is not used outside src/lib/db, which ESLint enforces.)
 */
const gatewayTransactions = new WeakSet<object>();

export function markGatewayTransaction(idbtrans: object): void {
  gatewayTransactions.add(idbtrans);
}

export function isGatewayTransaction(trans: object): boolean {
  return gatewayTransactions.has(trans);
}

export function writeOutsideGateway(table: string): Error {
  return new Error(`A write to "${table}" outside the write gateway (src/lib/db/gateway.ts) was refused.`);
}

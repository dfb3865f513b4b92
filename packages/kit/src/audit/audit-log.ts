import type { EntityManager } from "typeorm";
import type { RequestContext } from "../server/request-context";

/** A change summary: names, ids and counts, never personal values (a new display name, an email). */
export type AuditChanges = Record<string, string | number | boolean | null | string[]>;

export interface AuditEntry {
  /** The mutation field, as the API names it (`updateProfile`). */
  mutation: string;
  /** What it changed: the entity type (`User`, `Notification`) and its ids. */
  targetType: string;
  targetIds: string[];
  changes?: AuditChanges;
}

export type AuditActor = Pick<RequestContext, "viewer" | "roles" | "machineId" | "requestId">;

export const auditTable = (schema: string) => `"${schema}"."audit_log"`;

/**
 * Records who did what to which ids, in the caller's transaction: the row exists exactly when the
 * change committed. `schema` is the subgraph's (its manager reaches only its own schema).
 */
export async function recordAudit(manager: EntityManager, schema: string, actor: AuditActor, entry: AuditEntry): Promise<void> {
  if (!manager.queryRunner?.isTransactionActive)
    throw new Error("an audit row must be written in the transaction of the change it records");
  await manager.query(
    `INSERT INTO ${auditTable(schema)} (actor_user_id, actor_machine_id, actor_roles, mutation, target_type, target_ids, request_id, changes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      actor.viewer?.userId ?? null,
      actor.machineId ?? null,
      [...actor.roles],
      entry.mutation,
      entry.targetType,
      entry.targetIds,
      actor.requestId,
      JSON.stringify(entry.changes ?? {}),
    ],
  );
}

/** The placeholder a deleted user's id becomes in audit rows: the row stays, the person does not. */
export const ERASED_USER = "erased-user";

/** Keeps a deleted user's audit rows but strips their id from them, as actor and as target. */
export async function eraseFromAudit(manager: EntityManager, schema: string, userId: string): Promise<number> {
  const rows: unknown[] = await manager.query(
    `UPDATE ${auditTable(schema)}
     SET actor_user_id = CASE WHEN actor_user_id = $1 THEN NULL ELSE actor_user_id END,
         target_ids = array_replace(target_ids, $1, $2),
         erased = true
     WHERE actor_user_id = $1 OR $1 = ANY (target_ids)
     RETURNING id`,
    [userId, ERASED_USER],
  );
  return rows.length;
}

/**
 * Runs a mutation's work in one transaction with its audit row: both commit or neither. Services'
 * own `transaction()` calls inside become savepoints of it.
 */
export function audited<T>(
  ctx: { manager: EntityManager; audit(manager: EntityManager, entry: AuditEntry): Promise<void> },
  mutation: string,
  work: (tx: EntityManager) => Promise<T>,
  describe: (result: T) => Omit<AuditEntry, "mutation">,
): Promise<T> {
  return ctx.manager.transaction(async (tx) => {
    const result = await work(tx);
    await ctx.audit(tx, { mutation, ...describe(result) });
    return result;
  });
}

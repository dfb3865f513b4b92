import { keysMain } from "@learnloop/gateway";
import { localDatabase } from "./local-database";

/**
 * `npm run partner-key -- create|list|revoke ...`: the gateway's key command, pointed at the
 * embedded PostgreSQL of a running `npm start` unless DATABASE_URL says otherwise.
 */
const { url, hint } = localDatabase();
void keysMain(process.argv.slice(2), url, hint);

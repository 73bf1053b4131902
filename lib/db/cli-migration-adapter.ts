import { PrismaPg } from "@prisma/adapter-pg";
import { ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import { parseIntoClientConfig } from "pg-connection-string";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { PoolConfig } from "pg";

// The Prisma CLI's wasm schema engine, driven through adapter-pg 6.19, trips over upstream bugs
// against PostgreSQL: catalog columns of type name and "char" it cannot read (prisma/orm#27403),
// migration scripts cut at every ";", a connection string that overrides the database name (the
// shadow database once became the main one), a shadow database dropped before its pool is closed,
// and an idle pool that keeps the CLI alive. This adapter, loaded by prisma.config.ts and nothing
// else, mends them where they arise and leaves the application's own client untouched.

const OID_NAME = 19; // catalog identifiers: prisma/orm#27403
const OID_CHAR = 18; // the one-byte "char" of pg_catalog
const OID_TEXT = 25;

type Script = {
  executeScript: (script: string) => Promise<void>;
  underlyingDriver: () => { query: (sql: string) => Promise<unknown> };
};

type Queryable = {
  performIO: (query: unknown) => Promise<{ fields: { dataTypeID: number }[]; rows: unknown[] }>;
  queryRaw: (query: unknown) => Promise<{ columnTypes: number[]; rows: unknown[] }>;
  startTransaction?: (isolation?: unknown) => Promise<Queryable>;
};

const charColumnsOf = new WeakMap<object, number[]>();

/**
 * adapter-pg splits a migration script on every ";", which cuts a function body written with
 * $$ … $$ into pieces. PostgreSQL takes a whole script in one simple query, atomically.
 */
function runScriptsWhole<T>(adapter: T): T {
  const target = adapter as unknown as Script;
  target.executeScript = async (script) => {
    await target.underlyingDriver().query(script);
  };
  return adapter;
}

function mendCatalogTypes<T>(queryable: T): T {
  const q = queryable as unknown as Queryable;
  const performIO = q.performIO.bind(q);
  const queryRaw = q.queryRaw.bind(q);
  q.performIO = async (query) => {
    const result = await performIO(query);
    // A script of several statements comes back as one result per statement, with no columns.
    if (Array.isArray(result)) return result;
    const charColumns: number[] = [];
    result.fields.forEach((field, index) => {
      if (field.dataTypeID === OID_NAME) field.dataTypeID = OID_TEXT;
      if (field.dataTypeID === OID_CHAR) {
        field.dataTypeID = OID_TEXT;
        charColumns.push(index);
      }
    });
    // queryRaw hands back this very rows array, so the note travels with the result.
    charColumnsOf.set(result.rows, charColumns);
    return result;
  };
  q.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const index of charColumnsOf.get(result.rows) ?? []) result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
  if (q.startTransaction) {
    const startTransaction = q.startTransaction.bind(q);
    q.startTransaction = async (isolation) => mendCatalogTypes(await startTransaction(isolation));
  }
  return queryable;
}

/** Discrete connection fields: pg lets a connection string override `database`, which once
 * pointed the shadow database at the main one. */
function connectionFields(databaseUrl: string): PoolConfig {
  const { host, port, user, password, database, ssl } = parseIntoClientConfig(databaseUrl);
  return { host, port, user, password, database, ssl, allowExitOnIdle: true };
}

export function cliMigrationAdapter(databaseUrl: string): SqlMigrationAwareDriverAdapterFactory {
  const config = connectionFields(databaseUrl);
  const factory = new PrismaPg(config);
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => runScriptsWhole(mendCatalogTypes(await factory.connect())),
    async connectToShadowDb() {
      const admin = await factory.connect();
      const database = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID().replaceAll("-", "")}`;
      await admin.executeScript(`CREATE DATABASE "${database}"`);
      const shadowFactory = new PrismaPg({ ...config, database });
      const shadow = runScriptsWhole(mendCatalogTypes(await shadowFactory.connect()));
      const dispose = shadow.dispose.bind(shadow);
      // Close the shadow pool before dropping its database (adapter-pg drops it first and hangs).
      shadow.dispose = async () => {
        await dispose();
        await admin.executeScript(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
        await admin.dispose();
      };
      return shadow;
    },
  };
}

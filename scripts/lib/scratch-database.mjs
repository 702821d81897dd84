import pg from "@medusajs/framework/pg"

/**
 * A database of its own for a script run, on the PostgreSQL ensurePostgres() gave (DB_HOST's or an
 * embedded one): created empty, addressed by a DATABASE_URL, dropped at the end.
 */
export async function createScratchDatabase(env, name) {
  const admin = connection(env, "postgres")
  await admin.connect()
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}"`)
    await admin.query(`CREATE DATABASE "${name}"`)
  } finally {
    await admin.end()
  }
  const password = env.DB_PASSWORD ? `:${encodeURIComponent(env.DB_PASSWORD)}` : ""
  const url = `postgres://${encodeURIComponent(env.DB_USERNAME)}${password}@${env.DB_HOST}:${env.DB_PORT}/${name}`
  return {
    url,
    /** A client on the scratch database; the caller ends it. */
    client: () => connection(env, name),
    drop: async () => {
      const client = connection(env, "postgres")
      await client.connect()
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      } finally {
        await client.end()
      }
    },
  }
}

function connection(env, database) {
  return new pg.Client({
    host: env.DB_HOST,
    port: Number(env.DB_PORT),
    user: env.DB_USERNAME,
    password: env.DB_PASSWORD || undefined,
    database,
  })
}

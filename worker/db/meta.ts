/** The `meta` table: facts about the loaded data (e.g. the divisions version). */

/** The version of the divisions loaded into D1, or null before the first load. */
export const divisionsVersion = (db: D1Database) => db.prepare("SELECT value FROM meta WHERE key = 'divisions_version'").first<string>("value");

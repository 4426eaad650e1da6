/**
 * One contribution file through the importer, in its own process (spawned by
 * scripts/contributions-pull.ts with a time and memory budget): reads the options as JSON from
 * argv[2], prints the result as JSON on stdout. A file that hangs or bloats the parser kills only
 * this process.
 */
import { importDutyList, ImportRefusedError, type ImportOptions } from "../importer/index.ts";
import { loadDivisions } from "../../data/divisions.ts";

const options = JSON.parse(process.argv[2]!) as ImportOptions;
try {
  let divisions;
  try {
    divisions = loadDivisions();
  } catch {
    divisions = undefined;
  }
  const result = await importDutyList({ ...options, divisions });
  process.stdout.write(
    JSON.stringify({ ok: true, written: result.written, counts: result.counts, problems: result.problems, unmapped: result.unmapped, notices: result.notices }),
  );
} catch (error) {
  if (!(error instanceof ImportRefusedError)) throw error;
  process.stdout.write(JSON.stringify({ ok: false, refused: error.message }));
}

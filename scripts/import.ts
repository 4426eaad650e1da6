/**
 * `npm run import -- FILE --township CODE [--part basic|assisting|returned] [--source URL]
 *   [--issuer NAME] [--version V] [--adopted DATE] [--published DATE] [--document-number NO]
 *   [--repost [--original-publisher NAME]] [--illustrative [--note TEXT]] [--partial] [--force]`
 *
 * Reads an official duty list (.xlsx, .docx, text-based .pdf or .csv) and writes data/duty-lists/<CODE>/<V>.yaml.
 * Exit codes: 0 written, 1 row problems (nothing written, or --partial wrote the good rows),
 * 2 refused (bad arguments, no source, existing version).
 */
import { parseArgs } from "node:util";
import { DutyPart } from "../data/schema/duty-list.ts";
import { loadDivisions } from "../data/divisions.ts";
import { formatRowProblems, importDutyList, ImportRefusedError } from "./importer/index.ts";

const USAGE =
  "usage: npm run import -- FILE --township CODE [--part basic|assisting|returned] [--source URL] [--issuer NAME] [--version V] [--adopted YYYY-MM-DD] [--published YYYY-MM-DD] [--document-number NO] [--repost [--original-publisher NAME]] [--illustrative [--note TEXT]] [--partial] [--force]";

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      township: { type: "string" },
      part: { type: "string" },
      source: { type: "string" },
      issuer: { type: "string" },
      version: { type: "string" },
      adopted: { type: "string" },
      published: { type: "string" },
      "document-number": { type: "string" },
      repost: { type: "boolean" },
      "original-publisher": { type: "string" },
      illustrative: { type: "boolean" },
      note: { type: "string" },
      partial: { type: "boolean" },
      force: { type: "boolean" },
    },
  });
  const [file] = positionals;
  const part = values.part === undefined ? undefined : DutyPart.safeParse(values.part);
  if (!file || !values.township || part?.success === false) {
    console.error(part?.success === false ? `--part ${values.part}: use basic, assisting or returned\n${USAGE}` : USAGE);
    return 2;
  }
  let divisions;
  try {
    divisions = loadDivisions();
  } catch {
    console.warn("import: division data not generated (`npm run gen:divisions`): township code not checked");
  }
  try {
    const result = await importDutyList({
      file,
      township: values.township,
      part: part?.data,
      source: values.source,
      issuer: values.issuer,
      version: values.version,
      adopted: values.adopted,
      published: values.published,
      documentNumber: values["document-number"],
      repost: values.repost,
      originalPublisher: values["original-publisher"],
      illustrative: values.illustrative,
      note: values.note,
      partial: values.partial,
      force: values.force,
      divisions,
    });
    const { counts } = result;
    console.log(`import: ${counts.basic} basic, ${counts.assisting} assisting, ${counts.returned} returned item(s) read`);
    for (const notice of result.notices) console.log(`import: ${notice}`);
    if (result.unmapped.length) console.log(`import: headings not mapped (their cells are not imported): ${result.unmapped.join(", ")}`);
    if (result.problems.length) console.error(formatRowProblems(result.problems));
    if (result.written)
      console.log(
        `import: wrote ${result.written}${result.problems.length ? ` without the ${result.problems.length} problem row(s) above` : ""}; run npm run check:data`,
      );
    else console.error(`import: nothing written (${result.problems.length} problem(s)${values.partial ? "" : "; --partial writes the good rows"})`);
    return result.problems.length ? 1 : 0;
  } catch (error) {
    if (error instanceof ImportRefusedError) {
      console.error(`import: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

if (import.meta.main) process.exit(await main(process.argv.slice(2)));

/**
 * `npm run check:data`: validates every file under data/ against the shared schemas and
 * prints each problem as `file:line: message`. Exit code 1 on errors.
 * (Skeleton: the full checker is built in issue #3 item 7.)
 */
export interface DataProblem {
  file: string;
  line: number;
  message: string;
  severity: "error" | "warning";
}

export async function checkData(): Promise<DataProblem[]> {
  return [];
}

export function formatProblems(problems: DataProblem[]): string {
  return problems.map((p) => `${p.file}:${p.line}: ${p.severity === "warning" ? "warning: " : ""}${p.message}`).join("\n");
}

if (import.meta.main) {
  const problems = await checkData();
  if (problems.length) console.log(formatProblems(problems));
  const errors = problems.filter((p) => p.severity === "error").length;
  console.log(errors ? `check:data: ${errors} error(s)` : "check:data: all files valid");
  process.exit(errors ? 1 : 0);
}

/**
 * The one switch for demo content (issue 10): `QINGDAN_DEPLOY=1`, set by the documented deploy
 * command together with `QINGDAN_SITE`, makes a deploy build. It leaves out everything made for
 * the local demo: demo oversight bodies and routing rules (`demo: true`) and illustrative duty
 * lists, village lists and measures (`status: illustrative`). The local demo (`npm start`) keeps
 * all of it, labelled «演示» and «示例». The site build (site/lib/portal-data.ts),
 * `npm run gen:routing` and `npm run load:bodies` filter through `forBuild`.
 */

/** True when this process makes a deploy build. */
export function isDeployBuild(env: Record<string, string | undefined> = process.env): boolean {
  return env.QINGDAN_DEPLOY === "1";
}

/** What marks demo content: a `demo` flag (bodies, rules) or an `illustrative` status (lists, measures). */
export interface DemoMarked {
  demo?: boolean;
  status?: string;
}

export function isDemoContent(record: DemoMarked): boolean {
  return record.demo === true || record.status === "illustrative";
}

/** The records this build publishes: all of them in the demo, none of the demo content in a deploy build. */
export function forBuild<T>(records: T[], deploy = isDeployBuild(), marks: (record: T) => DemoMarked = (r) => r as DemoMarked): T[] {
  return deploy ? records.filter((r) => !isDemoContent(marks(r))) : records;
}

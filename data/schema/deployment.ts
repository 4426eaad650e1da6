/**
 * Who runs this instance of the portal (data/deployment.yaml): operator, contact addresses,
 * hosting and ICP filing (备案). Pages that invite a file or a question read the contact from
 * here, and the about page states the rest. The repository's own file describes the local demo;
 * a deployment replaces it. A deploy build fails while any field is a placeholder or missing
 * (`unfilledDeploymentFields`); the local demo says «本地演示实例，未部署» in every footer.
 */
import { z } from "zod";

/** An e-mail address; `placeholder: true` marks a stand-in that reaches nobody (demo content). */
export const DeploymentContact = z
  .object({
    email: z.email(),
    placeholder: z.boolean().default(false),
  })
  .strict();
export type DeploymentContact = z.infer<typeof DeploymentContact>;

export const ICP_FILING_STATUSES = ["filed", "not_filed", "not_required"] as const;
/** Where the servers are: a service hosted in mainland China needs an ICP 备案, one outside does not. */
export const HOSTING_REGIONS = ["mainland_china", "outside_mainland_china"] as const;
/** What the repository's own file says instead of an operator or a host: the local demo. */
export const DEMO_OPERATOR = "本地演示实例，未部署";

export const Deployment = z
  .object({
    /** The operator's name as shown to readers, e.g. «本地演示实例，未部署». */
    operator: z.string().trim().min(1),
    /** Where to send an official list file or a question about the data. */
    contact: DeploymentContact,
    /** Where to send a question about personal data and anonymity. */
    privacyContact: DeploymentContact,
    /** Where the instance runs, as shown to readers. */
    hosting: z.string().trim().min(1),
    /** Mainland China or not; left out by the local demo, required of a deployment. */
    hostingRegion: z.enum(HOSTING_REGIONS).optional(),
    /** The public source repository this instance runs (the about page links it for contributions). */
    repository: z.url().optional(),
    icpFiling: z
      .object({
        status: z.enum(ICP_FILING_STATUSES),
        /** The 备案号 once filed. */
        number: z.string().trim().min(1).optional(),
      })
      .strict()
      .refine((f) => (f.status === "filed") === (f.number !== undefined), { message: "e.icp_number" }),
  })
  .strict();
export type Deployment = z.infer<typeof Deployment>;

/** The contacts that are placeholders (a deploy build prints none of them). */
export function placeholderContacts(d: Deployment): string[] {
  return (["contact", "privacyContact"] as const).filter((k) => d[k].placeholder || /@(.+\.)?(example(\.[a-z]+)?|invalid|test|localhost)$/i.test(d[k].email));
}

/**
 * The fields a deployment must still fill in: a placeholder contact, the demo's operator or host,
 * a missing hosting region or repository. Empty for a real deployment; a deploy build
 * (`QINGDAN_DEPLOY=1`) refuses to start while any is left (scripts/build.ts).
 */
export function unfilledDeploymentFields(d: Deployment): string[] {
  return [
    ...(d.operator.includes("演示") || d.operator === DEMO_OPERATOR ? ["operator"] : []),
    ...placeholderContacts(d),
    ...(d.hosting.includes("演示") || d.hosting.includes(DEMO_OPERATOR) ? ["hosting"] : []),
    ...(d.hostingRegion ? [] : ["hostingRegion"]),
    ...(d.repository ? [] : ["repository"]),
  ];
}
